"""What only the phone's browser can do (its location, a running clock), behind small functions.

AppTest has no browser, so page tests replace `locate` and `greeting_timer`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

_LOCATE_JS = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const button = parentElement.querySelector("button");
  const note = parentElement.querySelector(".note");
  button.textContent = data.label;
  button.onclick = () => {
    if (!navigator.geolocation) {
      setTriggerValue("result", { error: "unavailable" });
      return;
    }
    button.disabled = true;
    note.textContent = data.locating;
    navigator.geolocation.getCurrentPosition(
      (p) => setTriggerValue("result", {
        lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy,
      }),
      (e) => {
        button.disabled = false;
        note.textContent = "";
        setTriggerValue("result", { error: e.code === 1 ? "denied" : "unavailable" });
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
    );
  };
}
"""

_TIMER_JS = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const clock = parentElement.querySelector(".clock");
  const [start, greeted, nobody] = parentElement.querySelectorAll("button");
  start.textContent = data.start;
  greeted.textContent = data.greeted;
  nobody.textContent = data.nobody;
  const began = () => localStorage.getItem(data.storage);
  const show = () => {
    const from = began();
    start.hidden = Boolean(from);
    greeted.hidden = nobody.hidden = !from;
    const twin = document.querySelector(data.twin);
    if (twin) twin.style.display = from ? "none" : "";
    if (!from) { clock.textContent = ""; return; }
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(from)) / 1000));
    clock.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  };
  const stop = (nobodyCame) => {
    const from = began();
    if (!from) return;
    localStorage.removeItem(data.storage);
    clearInterval(parentElement.tick);
    setTriggerValue("stopped", {
      started_at: from, stopped_at: new Date().toISOString(), nobody_came: nobodyCame,
    });
    show();
  };
  // The clock ticks only while the timer runs: an idle page is left alone (a phone's battery).
  const tick = () => {
    clearInterval(parentElement.tick);
    if (began()) parentElement.tick = setInterval(show, 250);
  };
  start.onclick = () => {
    localStorage.setItem(data.storage, new Date().toISOString());
    show();
    tick();
  };
  greeted.onclick = () => stop(false);
  nobody.onclick = () => stop(true);
  show();
  tick();
  return () => clearInterval(parentElement.tick);
}
"""

_CONNECTION_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const banner = parentElement.querySelector(".banner");
  banner.textContent = data.offline;
  let lost = !navigator.onLine;
  const show = () => { banner.hidden = !lost; };
  const check = async () => {
    if (!navigator.onLine) { lost = true; show(); return; }
    try {
      const reply = await fetch(data.health, { cache: "no-store" });
      lost = !reply.ok;
    } catch (e) {
      lost = true;
    }
    show();
  };
  window.addEventListener("offline", check);
  window.addEventListener("online", check);
  clearInterval(parentElement.poll);
  parentElement.poll = setInterval(check, 3000);
  show();
  return () => {
    clearInterval(parentElement.poll);
    window.removeEventListener("offline", check);
    window.removeEventListener("online", check);
  };
}
"""

_UPLOADER_WORDS_JS = r"""
export default function (component) {
  const { data, parentElement } = component;
  const named = (text, name) => text.split(data.name).join(name);
  const relabel = (element, from, to) => {
    if (element && from !== to && element.getAttribute("aria-label") === from) {
      element.setAttribute("aria-label", to);
    }
  };
  // Streamlit's "15.7MB"; a size already rewritten no longer matches.
  const size = (text) => text.replace(/(\d+)\.(\d)(GB|MB|KB|B)$/, (_, whole, tenth, unit) =>
    `${whole}${data.decimal}${tenth}\u00a0${data.units[unit]}`);
  // Why Streamlit did not send a file, from its English: refused before sending ("File must
  // be 15.0MB or smaller.", "application/pdf files are not allowed." with the size's when
  // both, "Only one file is allowed.") or, any other words, its sending failed ("AxiosError:
  // Network Error", "AxiosError: Request failed with status code 500").
  const reason = (english) => {
    if (english.includes(" files are not allowed.")) return "type";
    if (english.includes("Only one file is allowed.")) return "one";
    if (english.includes("File must be ")) return "size";
    return "failed";
  };
  const mark = (element, english) => { element.dataset.refused = reason(english); };
  // A reason without words of ours (a photo uploader's "one") just says the file was not sent.
  const words = (english, name) => named(data.why[reason(english)] ?? data.not_sent, name);
  // React's own text nodes get the words (not new ones), so React can still update them.
  const write = (element, text) => {
    [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .forEach((node, n) => { node.nodeValue = n ? "" : text; });
  };
  const translate = () => {
    for (const uploader of document.querySelectorAll("[data-testid='stFileUploader']")) {
      relabel(uploader.querySelector("input[type='file']"), "file upload", data.add);
      relabel(uploader.querySelector("button[aria-label='Add files']"), "Add files", data.add);
    }
    for (const chip of document.querySelectorAll("[data-testid='stFileChip']")) {
      const name = chip.querySelector("[data-testid='stFileChipName']").title;
      const remove = chip.querySelector("[data-testid='stFileChipDeleteBtn'] button");
      relabel(remove, `Remove ${name}`, named(data.remove, name));
      relabel(remove, `Cancel upload of ${name}`, named(data.cancel, name));
      const label = chip.getAttribute("aria-label");
      relabel(chip, label, size(label));
      const shown = chip.querySelector("[data-testid='stFileChipName'] + div");
      if (shown && size(shown.textContent) !== shown.textContent) {
        write(shown, size(shown.textContent));
      }
      const alert = chip.querySelector("[role='alert']");
      if (alert && alert.textContent.startsWith("Error: ")) {
        mark(chip, alert.textContent);
        write(alert, words(alert.textContent, name));
      }
    }
    // The tooltip over a red chip (under a laptop's pointer) is the chip's
    // description for a screen reader: our words instead of its English, without the file's
    // name (the chip says it). Once written, the text is ours: rewritten only when React has
    // put new English there.
    for (const tip of document.querySelectorAll("[data-testid='stTooltipErrorContent']")) {
      if (tip.textContent !== tip.dataset.said) {
        tip.dataset.said = data.tips[reason(tip.textContent)] ?? data.tip_not_sent;
        write(tip, tip.dataset.said);
      }
    }
  };
  parentElement.observer?.disconnect();
  parentElement.observer = new MutationObserver(translate);
  parentElement.observer.observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"],
  });
  translate();
  return () => parentElement.observer.disconnect();
}
"""

_CSS = """
button { min-height: 3rem; width: 100%; font: inherit; font-size: 1rem; border-radius: 0.5rem;
  border: 1px solid #0b6e4f; background: #0b6e4f; color: white;
  margin: 0.15rem 0; cursor: pointer; }
button[disabled] { opacity: 0.6; }
.note { font-size: 0.85rem; opacity: 0.8; }
.banner { position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000; padding: 0.8rem 1rem;
  background: #b3261e; color: white; font: inherit; font-weight: 600; text-align: center; }
.clock { font-size: 2.2rem; font-variant-numeric: tabular-nums; text-align: center; }
"""

_locate = st.components.v2.component(
    "audits_locate", html='<button></button><div class="note"></div>', css=_CSS, js=_LOCATE_JS
)
_timer = st.components.v2.component(
    "audits_greeting_timer",
    html='<div class="clock"></div><button></button><button></button><button></button>',
    css=_CSS,
    js=_TIMER_JS,
)


_uploader_words = st.components.v2.component("audits_uploader_words", js=_UPLOADER_WORDS_JS)
_connection = st.components.v2.component(
    "audits_connection", html='<div class="banner" hidden></div>', css=_CSS, js=_CONNECTION_JS
)


def connection_banner(offline_text: str) -> None:
    """A bar across the bottom of the screen while the server cannot be reached: answers
    given now are not saved until it goes away."""
    _connection(key="connection", data={"offline": offline_text, "health": "_stcore/health"})


def locate(label: str, locating: str, key: str) -> dict[str, Any] | None:
    """A button that asks for the phone's location; once tapped, {lat, lon, accuracy} or
    {error: denied|unavailable}; None until then."""
    result = _locate(
        key=key, data={"label": label, "locating": locating}, on_result_change=lambda: None
    )
    return result.result


def greeting_timer(
    labels: dict[str, str], storage_key: str, key: str, twin: str
) -> dict[str, Any] | None:
    """Start on entering, stop when greeted or when nobody came.

    The start time is kept in the browser, so a reload or a lost connection does not reset a
    running timer. Returns {started_at, stopped_at, nobody_came} (ISO stamps) when stopped.
    While it runs, the page's own "nobody came" (`twin`, a CSS selector) is hidden: the
    timer's button says it once, with both stamps, and stops the timer.
    """
    result = _timer(
        key=key,
        data={**labels, "storage": storage_key, "twin": twin},
        on_stopped_change=lambda: None,
    )
    return result.stopped


# The key of `uploader_words`' element, which takes no room on the page.
UPLOADER_WORDS = "uploader_words"


def uploader_words(words: dict[str, Any]) -> None:
    """Streamlit's file uploaders in other words where CSS cannot reach: the names a screen
    reader hears ("Add files", "Remove <file>", "Cancel upload of <file>", the hidden file
    input's "file upload"), the alert it announces as a refused file's red chip appears
    ("Error: File must be 15.0MB or smaller.") and the file's size ("15.7MB"), and the words
    of the red chip's tooltip, which a screen reader hears as the chip's description. A red
    chip is marked `data-refused` with why the file was not sent, read from Streamlit's
    English: "size" (over the limit), "type" (a type the uploader does not take), "one" (a
    second file on an uploader of one) or "failed" (its sending failed on the way), for the
    CSS to say so.

    `words`: add (the button's word), remove, cancel, not_sent and why (the alert: a reason's
    words, not_sent for a reason without them), each with `name` where the file's name goes;
    tips and tip_not_sent (the tooltip's: the same without the file's name); units
    (Streamlit's B, KB, MB, GB to ours) and decimal. Only Streamlit's English is rewritten,
    so rewriting is done once.
    """
    _uploader_words(key=UPLOADER_WORDS, data=words)
