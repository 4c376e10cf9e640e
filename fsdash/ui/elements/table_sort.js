// Click-to-sort for the HTML tables marked « fsdash-sortable » (fsdash.html_table):
// one listener for the whole tab, installed once; the tables stay plain tables.
export default function () {
  if (window.__fsdashTableSort) { return; }
  window.__fsdashTableSort = true;
  const collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });
  document.addEventListener("click", (event) => {
    const button = event.target.closest("table.fsdash-sortable th button");
    if (!button) { return; }
    const th = button.closest("th");
    const body = th.closest("table").tBodies[0];
    const index = Array.prototype.indexOf.call(th.parentNode.children, th);
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    const numeric = th.classList.contains("n");
    const key = (row) => {
      const cell = row.cells[index];
      return cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim();
    };
    const rows = Array.from(body.rows).sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === "" || y === "") { return (x === "") - (y === ""); } // empty cells last
      const order = numeric ? parseFloat(x) - parseFloat(y) : collator.compare(x, y);
      return ascending ? order : -order;
    });
    body.append(...rows);
    for (const other of th.parentNode.children) { other.setAttribute("aria-sort", "none"); }
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  });
}
