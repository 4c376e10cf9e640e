// A chart drawn by fsdash.views.svg_charts (st.components.v2): its markup is a file
// with a content-derived name, fetched once per browser tab (and kept by the browser);
// a run of the page only says which file, which month is chosen and the chart's text
// alternative. A click on a month hands that month back to the page ("mois").
const fetched = (window.__fsdashCharts = window.__fsdashCharts || {});

export default function ({ parentElement, data, setTriggerValue }) {
  let box = parentElement.querySelector(".fsdash-chart-box");
  if (!box) {
    box = document.createElement("div");
    box.className = "fsdash-chart-box";
    parentElement.appendChild(box);
  }
  box.classList.toggle("cliquable", !!data.clickable);
  box.onclick = data.clickable ? (event) => {
    const month = event.target.closest("g[data-mois]");
    if (month) { setTriggerValue("mois", month.dataset.mois); }
  } : null;
  const href = new URL(data.src, document.baseURI).href;
  if (!fetched[href]) {
    fetched[href] = fetch(href).then((response) => {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    });
  }
  fetched[href].then((markup) => {
    if (box.dataset.src !== href) {
      box.innerHTML = markup; // fsdash's own markup, every text escaped (views/svg_charts.py)
      box.dataset.src = href;
    }
    const svg = box.querySelector("svg");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", data.label);
    box.querySelectorAll("g.choisi").forEach((g) => g.classList.remove("choisi"));
    const chosen = data.chosen && box.querySelector(`g[data-mois="${data.chosen}"]`);
    if (chosen) { chosen.classList.add("choisi"); }
    box.dataset.ready = "1";
  }).catch(() => {
    delete fetched[href];
    box.textContent = "Le graphique n'a pas pu être chargé : rechargez la page.";
  });
}
