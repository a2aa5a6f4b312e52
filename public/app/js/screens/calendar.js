// Placeholder until the calendar module lands (next commit).
import { h } from '../ui.js';
export default { title: 'web.calendar.title', mount(root) { root.replaceChildren(h('div', { 'data-screen': 'calendar' })); } };
