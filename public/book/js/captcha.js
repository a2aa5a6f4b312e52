// Yandex SmartCaptcha, when the studio's card asks for it (`captcha: {provider: "smartcaptcha",
// siteKey}`): the provider's own widget script (the one script this page loads from outside, since
// it is the provider) renders into the contacts step; its token goes with the booking as
// `captchaToken`. Without `captcha` in the card nothing is loaded.

import { h } from './dom.js';
import { currentLocale } from './i18n.js';
import { inTelegram } from './api.js';

const SCRIPT = 'https://smartcaptcha.yandexcloud.net/captcha.js?render=onload&onload=__veloriaCaptchaReady';
let loading = null;

function loadScript() {
    if (window.smartCaptcha) return Promise.resolve(window.smartCaptcha);
    if (!loading) {
        loading = new Promise((resolve, reject) => {
            window.__veloriaCaptchaReady = () => resolve(window.smartCaptcha);
            const script = h('script', { src: SCRIPT, defer: true });
            script.addEventListener('error', () => { loading = null; reject(new Error('captcha script')); });
            document.head.append(script);
        });
    }
    return loading;
}

export function captchaWanted(card) {
    // Inside Telegram the verified initData stands for the captcha (the server skips it too).
    if (inTelegram()) return false;
    return !!(card && card.captcha && card.captcha.provider === 'smartcaptcha' && card.captcha.siteKey);
}

/** A captcha box for the contacts step: `node` to place, `token()` the current answer (or null). */
export function captchaBox(card) {
    const node = h('div.sf-captcha', { 'data-captcha': 'smartcaptcha' });
    let widget = null;
    let token = null;
    loadScript().then((api) => {
        widget = api.render(node, {
            sitekey: card.captcha.siteKey, hl: currentLocale(),
            callback: (value) => { token = value; },
        });
    }).catch(() => node.append(h('div.sf-field-error', 'SmartCaptcha')));
    return {
        node,
        token: () => token || (widget !== null && window.smartCaptcha ? window.smartCaptcha.getResponse(widget) : null) || null,
        reset: () => { token = null; if (widget !== null && window.smartCaptcha) window.smartCaptcha.reset(widget); },
    };
}
