// Drag a block to move it: the block follows the pointer on the 15-minute grid, across columns
// (another staff member or day). The drop goes to POST /appointments/{id}/reschedule, which checks
// the slot; a refusal shows the API's reason and puts the block back. Pointer events, so a finger
// on a phone drags too (after a short hold the page does not scroll it away).

import { post } from '../api.js';
import { t } from '../i18n.js';
import { toast, showError } from '../ui.js';
import { localDateTime, localParts } from '../tz.js';
import { SLOT_PX, SLOT_MIN } from './grid.js';
import { MOVABLE } from '../status.js';
import * as session from '../session.js';

const THRESHOLD_PX = 6;

export function enableDrag(host, { state, byId, onMoved }) {
    let drag = null;

    host.addEventListener('pointerdown', (event) => {
        const block = event.target.closest('.cal-block');
        if (!block || event.button !== 0 || !session.can('appointments.write')) return;
        const appt = byId(block.dataset.id);
        if (!appt || !MOVABLE.has(appt.status)) return;
        drag = { block, appt, x: event.clientX, y: event.clientY, started: false, pointerId: event.pointerId };
    });

    host.addEventListener('pointermove', (event) => {
        if (!drag || event.pointerId !== drag.pointerId) return;
        const dx = event.clientX - drag.x;
        const dy = event.clientY - drag.y;
        if (!drag.started) {
            if (Math.hypot(dx, dy) < THRESHOLD_PX) return;
            drag.started = true;
            drag.block.setPointerCapture(event.pointerId);
            drag.block.classList.add('dragging');
            host.dataset.dragging = '1';
        }
        const snapped = Math.round(dy / SLOT_PX) * SLOT_PX;
        drag.block.style.transform = `translate(${dx}px, ${snapped}px)`;
    });

    const finish = async (event) => {
        if (!drag || event.pointerId !== drag.pointerId) return;
        const current = drag;
        drag = null;
        if (!current.started) return;
        const { block, appt } = current;
        // The column under the pointer (the block itself is ignored while it is being dragged).
        block.style.visibility = 'hidden';
        const under = document.elementFromPoint(event.clientX, event.clientY);
        block.style.visibility = '';
        const column = under && under.closest('.cal-col');
        const dy = Math.round((event.clientY - current.y) / SLOT_PX) * SLOT_PX;
        const start = localParts(appt.startsAt);
        const minutes = start.minutes + (dy / SLOT_PX) * SLOT_MIN;
        const putBack = () => { block.style.transform = ''; block.classList.remove('dragging'); };
        setTimeout(() => { delete host.dataset.dragging; }, 0);
        if (!column || (column.dataset.staff === appt.staffId && column.dataset.date === start.date && minutes === start.minutes)) { putBack(); return; }
        if (minutes < 0 || minutes >= 24 * 60) { putBack(); return; }
        block.classList.add('saving');
        try {
            await post(`/appointments/${appt.id}/reschedule`, {
                startsAt: localDateTime(column.dataset.date, minutes),
                staffId: column.dataset.staff !== appt.staffId ? column.dataset.staff : undefined,
            }, { idempotent: true });
            toast(t('web.calendar.moved'), 'success');
            onMoved();
        } catch (err) {
            putBack();
            block.classList.remove('saving');
            showError(err);
        }
    };
    host.addEventListener('pointerup', finish);
    host.addEventListener('pointercancel', (event) => {
        if (drag && drag.started) { drag.block.style.transform = ''; drag.block.classList.remove('dragging'); }
        drag = null;
        delete host.dataset.dragging;
    });
}
