// Starts Swagger UI on /api/v1/openapi.json, or explains how to install it when its bundle is missing.
// Kept out of index.html so a Content-Security-Policy without 'unsafe-inline' scripts still works.
(function () {
    if (typeof window.SwaggerUIBundle !== "function") {
        document.getElementById("swagger-ui").classList.add("hidden");
        document.getElementById("docs-missing").classList.remove("hidden");
        return;
    }
    window.ui = window.SwaggerUIBundle({
        url: "/api/v1/openapi.json",
        dom_id: "#swagger-ui",
        deepLinking: true,
        persistAuthorization: true,
        displayRequestDuration: true,
        filter: true,
        presets: [window.SwaggerUIBundle.presets.apis],
        layout: "BaseLayout",
        // Same-origin requests carry the session cookie; Bearer tokens go through "Authorize".
        requestInterceptor: function (request) {
            request.credentials = "same-origin";
            return request;
        }
    });
})();
