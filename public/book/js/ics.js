// The booking as a calendar file (RFC 5545), built in the browser from the booking answer:
// UTC DTSTART/DTEND, a stable UID, the service and studio in SUMMARY, the address in LOCATION.

const pad = (n) => String(n).padStart(2, '0');

/** 2026-12-08T10:00:00+03:00 → 20261208T070000Z */
export function utcStamp(iso) {
    const d = new Date(iso);
    return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

const escapeText = (text) => String(text ?? '').replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

// Lines longer than 75 octets are folded: CRLF and one space, never inside a UTF-8 character.
function fold(line) {
    const bytes = new TextEncoder();
    if (bytes.encode(line).length <= 75) return line;
    const parts = [];
    let current = '';
    for (const char of line) {
        const limit = parts.length ? 74 : 75;
        if (bytes.encode(current + char).length > limit) { parts.push(current); current = ''; }
        current += char;
    }
    parts.push(current);
    return parts.join('\r\n ');
}

/** The VCALENDAR text of a booking: `{appointment, manageUrl}` and the studio's card. */
export function bookingCalendar(booked, card, now = new Date()) {
    const a = booked.appointment;
    const place = (card.locations || []).find((l) => l.address) || (card.locations || [])[0];
    const address = place && place.address ? place.address : '';
    const lines = [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//VeloriaCRM//Storefront//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'BEGIN:VEVENT',
        `UID:${a.id}@${location.hostname || 'veloria'}`,
        `DTSTAMP:${utcStamp(now.toISOString())}`,
        `DTSTART:${utcStamp(a.startsAt)}`,
        `DTEND:${utcStamp(a.endsAt)}`,
        `SUMMARY:${escapeText(`${a.serviceName} — ${card.name}`)}`,
        address ? `LOCATION:${escapeText(address)}` : null,
        `DESCRIPTION:${escapeText([a.staffName, booked.manageUrl].filter(Boolean).join('\n'))}`,
        booked.manageUrl ? `URL:${booked.manageUrl}` : null,
        `STATUS:${a.status === 'confirmed' ? 'CONFIRMED' : 'TENTATIVE'}`,
        'END:VEVENT',
        'END:VCALENDAR',
    ].filter(Boolean);
    return lines.map(fold).join('\r\n') + '\r\n';
}

/** An object URL of the calendar file (text/calendar), for a download link. */
export function calendarUrl(text) {
    return URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
}
