// The inbox's DOM helpers and its one way to call the gateway: the admin token from
// sessionStorage as a bearer; a 401 from any call signs the tab out.
(function () {
  'use strict';

  const TOKEN_KEY = 'chat-triage-gateway.admin-token';
  const Inbox = (window.Inbox = window.Inbox || {});

  // Builds an element; text always goes in as text, never as HTML (messages are customer input).
  Inbox.el = function (tag, attributes, children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name === 'text') {
        element.textContent = String(value);
      } else if (name === 'className') {
        element.className = value;
      } else {
        element.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined) {
        element.append(child);
      }
    }
    return element;
  };

  Inbox.byId = function (id) {
    return document.getElementById(id);
  };

  Inbox.token = {
    get: () => window.sessionStorage.getItem(TOKEN_KEY),
    set: (token) => window.sessionStorage.setItem(TOKEN_KEY, token),
    clear: () => window.sessionStorage.removeItem(TOKEN_KEY),
  };

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // Resolves with the JSON answer of a 2xx; rejects with an ApiError naming what went wrong.
  Inbox.request = async function (method, path, body) {
    const token = Inbox.token.get();
    if (!token) {
      Inbox.onUnauthorized('Sign in with the admin token.');
      throw new ApiError(401, 'not signed in');
    }
    const headers = { accept: 'application/json', authorization: 'Bearer ' + token };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError(0, 'The gateway did not answer: ' + error.message);
    }
    const answer = await response.json().catch(() => ({}));
    if (response.status === 401) {
      Inbox.onUnauthorized('The admin token was refused. Sign in again.');
      throw new ApiError(401, 'unauthorized');
    }
    if (!response.ok) {
      const detail = Array.isArray(answer.fields)
        ? answer.fields.map((field) => field.errors.join(', ')).join('; ')
        : answer.message;
      throw new ApiError(response.status, 'HTTP ' + response.status + ': ' + (detail || ''));
    }
    return answer;
  };

  Inbox.ApiError = ApiError;
})();
