/*
 * wagtail-localize's translation editor (React) writes two texts in English
 * whatever the admin's language: its heading, `${source} to ${target}
 * translation`, and the « More actions » label of its publish menu. They are not
 * in any catalogue, so the admin cannot translate them: this script (added to the
 * editor by home/translation/hooks.py, with the translations as data attributes)
 * replaces them as the editor renders them. Reported upstream (docs/upstream.md);
 * remove once wagtail-localize translates them.
 */
(function () {
  "use strict";

  var script = document.currentScript;

  function start() {
    var editor = document.querySelector(".js-translation-editor");
    if (!editor || !script) {
      return;
    }
    var props = JSON.parse(editor.getAttribute("data-props") || "{}");
    if (!props.sourceLocale || !props.locale) {
      return;
    }
    var source = props.sourceLocale.displayName;
    var target = props.locale.displayName;
    var replacements = {};
    replacements[source + " to " + target + " translation"] = script.dataset.heading
      .replace("{source}", source)
      .replace("{target}", target);
    replacements["More actions"] = script.dataset.moreActions;

    function translate() {
      var walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
      var node;
      while ((node = walker.nextNode())) {
        var text = node.nodeValue.trim();
        if (Object.prototype.hasOwnProperty.call(replacements, text)) {
          node.nodeValue = replacements[text];
        }
      }
    }

    translate();
    new MutationObserver(translate).observe(editor, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
