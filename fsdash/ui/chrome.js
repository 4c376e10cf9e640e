// The State's chrome (fsdash.ui.chrome), run by a hidden st.components.v2 element
// called in app.py before the page: once per browser tab, it puts the skip links
// and the DSFR header at the start of <body>, outside the part of the page React
// manages (so reruns and page switches leave them alone), sets <html lang="fr">,
// makes Streamlit's empty toolbar no second banner, and gives Streamlit's English
// labels French names as they appear.
// Only trusted markup built in Python travels in `data`: never user data.

function translate(root, data) {
  const exact = data.labels;
  const prefixes = data.prefixes;
  const french = (value) => {
    if (value in exact) return exact[value];
    for (const [en, fr] of prefixes) {
      if (value.startsWith(en)) return fr + value.slice(en.length);
    }
    return null;
  };
  const fix = (element) => {
    for (const name of ["aria-label", "title", "placeholder", "aria-valuetext"]) {
      const value = element.getAttribute(name);
      if (value) {
        const replaced = french(value);
        if (replaced !== null && replaced !== value) element.setAttribute(name, replaced);
      }
    }
  };
  if (root.nodeType !== 1) return;
  // Streamlit's toolbar is an empty <header>: not a second banner beside the State's.
  if (root.matches('header[data-testid="stHeader"]')) root.setAttribute("role", "none");
  root.querySelectorAll('header[data-testid="stHeader"]').forEach((h) => h.setAttribute("role", "none"));
  fix(root);
  root.querySelectorAll("[aria-label],[title],[placeholder],[aria-valuetext]").forEach(fix);
  // A few short visible texts (« No results » in a list box...).
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    if (text && text.length < 40 && text in data.texts) {
      node.nodeValue = data.texts[text];
    } else if (text && text.length < 80) {
      for (const [pattern, french] of data.patterns) {
        const found = new RegExp(pattern);
        if (found.test(text)) { node.nodeValue = text.replace(found, french); break; }
      }
    }
  }
}

function focusTarget(selector) {
  const target = document.querySelector(selector);
  if (!target) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
  target.scrollIntoView({ block: "start" });
}

function fill(box, data) {
  box.innerHTML = data.header;
  box.dataset.header = data.digest;
  box.querySelectorAll("a[data-fsdash-skip]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      focusTarget(link.dataset.fsdashSkip);
    });
  });
}

export default function ({ data }) {
  const html = document.documentElement;
  html.lang = "fr";
  html.classList.add("fsdash-chrome");
  let box = document.getElementById("fsdash-chrome");
  if (!box) {
    box = document.createElement("div");
    box.id = "fsdash-chrome";
    fill(box, data);
    document.body.prepend(box);
    // The header is fixed over the app (chrome.css); what it covers follows its
    // height, which CSS already reserves at the right size for each screen width.
    // Read from the observer's own measure (its first one comes with the next frame):
    // reading offsetHeight here made the browser lay the whole page out at once,
    // about 30 ms of a first visit.
    new ResizeObserver((entries) => {
      const size = entries[entries.length - 1].borderBoxSize;
      const height = size && size[0] ? size[0].blockSize : box.offsetHeight;
      html.style.setProperty("--fsdash-header-h", Math.round(height) + "px");
    }).observe(box);
    translate(document.body, data);
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === "attributes") {
          translate(mutation.target, data);
        } else if (mutation.type === "characterData") {
          if (mutation.target.parentElement) translate(mutation.target.parentElement, data);
        } else {
          mutation.addedNodes.forEach((node) => translate(node, data));
        }
      }
    }).observe(document.body, {
      childList: true, subtree: true, attributes: true, characterData: true,
      attributeFilter: ["aria-label", "title", "placeholder", "aria-valuetext"],
    });
  } else if (box.dataset.header !== data.digest) {
    fill(box, data);
  }
}
