// Step 1: the studio's online-bookable services by category, with price and duration.

import { get } from '../api.js';
import { h, fill, spinner, errorBanner } from '../dom.js';
import { t, money, duration } from '../i18n.js';

export default {
    async render(body, { state, go, signal }) {
        fill(body, spinner());
        let answer;
        try {
            answer = await get('/services', null, { signal });
        } catch (err) {
            if (err.name === 'AbortError') throw err;
            fill(body, errorBanner(err));
            return;
        }
        if (!answer.categories.length) {
            fill(body, h('p.sf-empty', { 'data-empty': 'services' }, t('book.service.none')));
            return;
        }
        fill(body, answer.categories.map((category) => h('section.sf-category',
            h('h3.sf-group-title', category.name),
            h('div.sf-list', category.services.map((item) => h('button.sf-item', {
                type: 'button', 'data-service': item.id,
                class: state.service && state.service.id === item.id ? 'selected' : null,
                onclick: () => {
                    if (!state.service || state.service.id !== item.id) {
                        state.staff = null; state.slots = null; state.date = null; state.start = null;
                    }
                    state.service = { ...item, category: category.name };
                    go('staff');
                },
            },
            h('span.sf-item-main', h('span.sf-item-name', item.name), item.description ? h('span.sf-item-desc', item.description) : null),
            h('span.sf-item-side', h('span.sf-price', money(item.price, state.card.currency)), h('span.sf-muted', duration(item.durationMinutes)))))))));
    },
};
