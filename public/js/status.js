// Shows whether the API answers its liveness probe (landing page badge).
(function () {
    var badge = document.getElementById("api-status");
    if (!badge || !window.fetch) return;
    var label = badge.querySelector("span");
    fetch("/api/v1/health", { headers: { Accept: "application/json" } })
        .then(function (response) {
            badge.className = "status " + (response.ok ? "up" : "down");
            label.textContent = response.ok ? "API online" : "API answered " + response.status;
        })
        .catch(function () {
            badge.className = "status down";
            label.textContent = "API unreachable";
        });
})();
