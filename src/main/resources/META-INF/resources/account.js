'use strict';

// The account page: the JSON API with the session cookie, nothing else. Everything the API
// returns is put on the page as text (never as HTML): a user agent is whatever a client sent.

const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(path, init);
    } catch (e) {
        throw new Error('The service could not be reached. Check your connection and try again.');
    }
    const text = await response.text();
    let data = null;
    if (text) {
        try {
            data = JSON.parse(text);
        } catch (e) {
            data = null;
        }
    }
    if (!response.ok) {
        const detail = data && typeof data.detail === 'string' ? data.detail : null;
        const error = new Error(detail || `The request failed (${response.status}).`);
        error.status = response.status;
        throw error;
    }
    return data;
}

function say(text, kind) {
    const message = $('message');
    message.textContent = text || '';
    message.className = text ? `message ${kind || 'info'}` : 'message';
}

function fail(error) {
    if (error.status === 401 && !$('signed-in').hidden) {
        showSignedOut();
        say('Your session has ended. Please log in again.', 'error');
        return;
    }
    say(error.message, 'error');
}

async function busy(button, work) {
    button.disabled = true;
    try {
        await work();
    } catch (error) {
        fail(error);
    } finally {
        button.disabled = false;
    }
}

function showSignedOut() {
    $('signed-in').hidden = true;
    $('who').hidden = true;
    $('signed-out').hidden = false;
    $('password').value = '';
}

async function showSignedIn(loginName) {
    $('signed-out').hidden = true;
    $('who').textContent = `Logged in as ${loginName}`;
    $('who').hidden = false;
    $('signed-in').hidden = false;
    await loadSessions();
}

function when(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
        td.className = className;
    }
    return td;
}

// The service's readable name ("Firefox 133 on Windows") where it knows the browser or the
// system, else the user agent as sent; the user agent as sent is the cell's tooltip either way.
function deviceOf(session) {
    return session.deviceName || session.userAgent || 'Unknown device';
}

function sessionRow(session) {
    const row = document.createElement('tr');
    row.dataset.sessionId = session.id;
    const device = cell(deviceOf(session), 'device');
    if (session.userAgent) {
        device.title = session.userAgent;
    }
    row.appendChild(device);
    row.appendChild(cell(session.ip || 'unknown'));
    row.appendChild(cell(when(session.lastSeenAt)));
    const action = document.createElement('td');
    if (session.current) {
        row.className = 'current';
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = 'current';
        action.appendChild(badge);
    } else {
        const revoke = document.createElement('button');
        revoke.type = 'button';
        revoke.className = 'danger';
        revoke.textContent = 'Revoke';
        revoke.setAttribute('aria-label', `Revoke the session on ${deviceOf(session)}`);
        revoke.addEventListener('click', () => busy(revoke, async () => {
            await api('DELETE', `/sessions/${encodeURIComponent(session.id)}`);
            say('That session has been revoked.');
            await loadSessions();
        }));
        action.appendChild(revoke);
    }
    row.appendChild(action);
    return row;
}

async function loadSessions() {
    const sessions = await api('GET', '/sessions');
    sessions.sort((a, b) => (b.current - a.current) || String(b.lastSeenAt).localeCompare(String(a.lastSeenAt)));
    const body = $('sessions').tBodies[0];
    body.replaceChildren(...sessions.map(sessionRow));
    $('revoke-others').disabled = sessions.length < 2;
}

function credentials() {
    return { loginName: $('login-name').value.trim(), password: $('password').value };
}

async function logIn() {
    const opened = await api('POST', '/sessions', credentials());
    say('');
    await showSignedIn(opened.session.user.loginName);
}

async function signUp() {
    const user = await api('POST', '/users', credentials());
    say(`Account ${user.loginName} created. You can log in now.`);
    $('password').value = '';
    $('password').focus();
}

async function revokeOthers() {
    const result = await api('DELETE', '/sessions');
    const n = result.revoked;
    say(n === 1 ? 'Revoked 1 other session.' : `Revoked ${n} other sessions.`);
    await loadSessions();
}

async function changePassword() {
    await api('PUT', '/users/me/password', {
        currentPassword: $('current-password').value,
        newPassword: $('new-password').value,
    });
    $('current-password').value = '';
    $('new-password').value = '';
    say('Password changed. Your other sessions have been logged out.');
    await loadSessions();
}

async function logOut() {
    await api('DELETE', '/sessions/current');
    showSignedOut();
    say('You are logged out.');
}

async function start() {
    $('credentials').addEventListener('submit', (event) => {
        event.preventDefault();
        busy($('log-in'), logIn);
    });
    $('sign-up').addEventListener('click', () => busy($('sign-up'), signUp));
    $('revoke-others').addEventListener('click', () => busy($('revoke-others'), revokeOthers));
    $('change-password').addEventListener('submit', (event) => {
        event.preventDefault();
        busy($('change'), changePassword);
    });
    $('log-out').addEventListener('click', () => busy($('log-out'), logOut));
    try {
        const current = await api('GET', '/sessions/current');
        if (current && current.user) {
            await showSignedIn(current.user.loginName);
            return;
        }
    } catch (error) {
        if (error.status !== 401) {
            say(error.message, 'error');
        }
    }
    showSignedOut();
}

document.addEventListener('DOMContentLoaded', start);
