// The interface strings of this page, in its language: the one JSON blob that
// lifeskills/js_strings.py declares and base.html writes. ``t("quiz.next")``, or
// with placeholders ``t("download.size", { size: "3 MB" })``; Python's
// %(name)s, and %% for a percent sign. A page that did not ask for a string's
// group gets an empty text.
const blob = document.getElementById("js-strings");
const strings = blob ? JSON.parse(blob.textContent) : {};

// Fills Python-style placeholders, also in text a server template rendered blank.
export function format(text, values) {
  return text.replace(/%\((\w+)\)s|%%/g, (match, key) => (key ? String((values || {})[key]) : "%"));
}

export function t(name, values) {
  const text = strings[name];
  return text === undefined ? "" : format(text, values);
}
