// The console's secret token of local mode (fsdash.domain.local_mode), kept for this tab:
// the first address carries it (?jeton=…) and Python takes it out of the address, so a
// link followed in the same tab (a full page load, hence a new session) would otherwise
// come back as an anonymous reader. The token stays in this tab's sessionStorage (no
// cookie: never sent with requests) and is handed back to Python when a session lacks it.
const KEY = "fsdash-jeton";

export default function ({ data, setTriggerValue }) {
  try {
    if (data.keep) {
      sessionStorage.setItem(KEY, data.keep);
      return;
    }
    const kept = sessionStorage.getItem(KEY);
    if (kept) { setTriggerValue("jeton", kept); }
  } catch (e) { /* storage off: the address printed at start must be reopened */ }
}
