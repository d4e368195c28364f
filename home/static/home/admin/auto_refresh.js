/*
 * The waiting screens of background jobs (a plan import, the accessibility
 * checks): reloads the screen every `data-auto-refresh` seconds while the job
 * waits or runs. The screen shows a link that stops it (RGAA 13.1) and an
 * « Update » link that works without this script
 * (templates/includes/admin_job_refresh.html, home/jobs/__init__.py).
 */
(function () {
  "use strict";

  var marker = document.querySelector("[data-auto-refresh]");
  var seconds = marker ? Number(marker.getAttribute("data-auto-refresh")) : 0;
  if (seconds > 0) {
    window.setTimeout(function () {
      window.location.reload();
    }, seconds * 1000);
  }
})();
