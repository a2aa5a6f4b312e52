// The card payment page (pay-stripe.html): Stripe's Payment Element with the publishable key and the
// payment's client secret from the link's fragment. A file, not an inline script: the pages' CSP allows none.
(function () {
    var params = new URLSearchParams(location.hash.slice(1));
    var key = params.get("pk"), secret = params.get("cs"), back = params.get("return") || "/payment-return.html";
    var message = document.getElementById("message");
    if (!key || !secret || typeof Stripe === "undefined") {
        message.textContent = "Ссылка неполная или Stripe недоступен. · The link is incomplete or Stripe is unavailable.";
        return;
    }
    var stripe = Stripe(key);
    var elements = stripe.elements({ clientSecret: secret });
    elements.create("payment").mount("#payment-element");
    var button = document.getElementById("pay");
    button.disabled = false;
    document.getElementById("payment-form").addEventListener("submit", function (event) {
        event.preventDefault();
        button.disabled = true;
        stripe.confirmPayment({ elements: elements, confirmParams: { return_url: back } }).then(function (result) {
            if (result.error) {
                message.textContent = result.error.message;
                button.disabled = false;
            }
        });
    });
})();
