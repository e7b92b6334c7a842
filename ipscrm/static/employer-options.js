/* Search-as-you-type for the employer of a job start: as the user types in the search box,
   the employer list below is refilled from /jobseekers/employer-options (same origin). */
(function () {
  "use strict";
  var input = document.getElementById("employer-search");
  var select = document.getElementById("employer_id");
  if (!input || !select) { return; }
  var timer = null;
  var latest = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q.length < 2) { return; }
      var ticket = ++latest;
      fetch(input.dataset.optionsUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (rows) {
          if (ticket !== latest) { return; }
          var hidden = document.querySelector("input[type=hidden][name=q]");
          if (hidden) { hidden.value = q; }
          select.innerHTML = "";
          rows.forEach(function (row) {
            var option = document.createElement("option");
            option.value = row.id;
            option.textContent = row.label;
            select.appendChild(option);
          });
          var hint = document.getElementById("employer-hint");
          if (hint) { hint.hidden = rows.length > 0; }
        })
        .catch(function () { /* keep the list as it was; the search button still works */ });
    }, 250);
  });
}());
