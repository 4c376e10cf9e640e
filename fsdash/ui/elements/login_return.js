// The page a person had open when they clicked « Se connecter » (fsdash.ui.landing):
// Streamlit's OpenID login always comes back to the app's root, so the address is
// kept in this tab's sessionStorage (no cookie, nothing sent to the server with
// requests) and handed to Python once, on the first signed-in run. Python checks it
// (fsdash.views.landing.parse_address) and decides where to go.
const KEY = "fsdash-retour";

export default function ({ data, setTriggerValue }) {
  if (!window.__fsdashLoginReturn) {
    window.__fsdashLoginReturn = true;
    // Capture phase: recorded before Streamlit's click handler starts the login.
    document.addEventListener("click", (event) => {
      if (event.target.closest && event.target.closest(data.button)) {
        try { sessionStorage.setItem(KEY, location.pathname + location.search); } catch (e) { /* storage off */ }
      }
    }, true);
  }
  if (!data.collect) { return; }
  let address = null;
  try {
    address = sessionStorage.getItem(KEY);
    if (address !== null) { sessionStorage.removeItem(KEY); }
  } catch (e) { return; }
  if (address !== null) { setTriggerValue("adresse", address); }
}
