// Passkey ceremonies (WebAuthn) for the passkeys page and the second-factor page. The server
// makes the options and checks the answers; this file only converts between JSON (base64url)
// and the ArrayBuffers navigator.credentials wants. Loaded as a file: the CSP allows no inline
// script.
"use strict";

(function () {
  function toBuffer(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var bytes = atob(base64);
    var out = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
    return out.buffer;
  }

  function toText(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBuffer(item.id) });
    });
  }

  function post(form, url, body) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": token ? token.value : "",
      },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          var errors = data.errors || {};
          var first = Object.keys(errors)[0];
          throw new Error(first ? errors[first][0] : data.detail || form.dataset.msgFailed);
        }
        return data;
      });
    });
  }

  function credentialJSON(credential) {
    var response = credential.response;
    var out = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toText(response.clientDataJSON) },
    };
    if (response.attestationObject) {
      out.response.attestationObject = toText(response.attestationObject);
      out.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      out.response.authenticatorData = toText(response.authenticatorData);
      out.response.signature = toText(response.signature);
      out.response.userHandle = toText(response.userHandle);
    }
    return out;
  }

  function say(form, text) {
    var status = form.querySelector("[data-passkey-status]");
    if (status) status.textContent = text;
  }

  function enrol(form) {
    var name = form.elements.name.value;
    return post(form, form.dataset.optionsUrl).then(function (options) {
      options.challenge = toBuffer(options.challenge);
      options.user.id = toBuffer(options.user.id);
      options.excludeCredentials = descriptors(options.excludeCredentials);
      return navigator.credentials.create({ publicKey: options });
    }).then(function (credential) {
      return post(form, form.dataset.registerUrl, {
        name: name,
        credential: credentialJSON(credential),
      });
    });
  }

  function verify(form) {
    return post(form, form.dataset.optionsUrl).then(function (options) {
      options.challenge = toBuffer(options.challenge);
      options.allowCredentials = descriptors(options.allowCredentials);
      return navigator.credentials.get({ publicKey: options });
    }).then(function (credential) {
      return post(form, form.dataset.verifyUrl, { credential: credentialJSON(credential) });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var ceremony = form.hasAttribute("data-passkey-enrol")
      ? enrol
      : form.hasAttribute("data-passkey-verify") ? verify : null;
    if (!ceremony) return;
    event.preventDefault();
    if (!window.PublicKeyCredential || !navigator.credentials) {
      say(form, form.dataset.msgUnsupported);
      return;
    }
    say(form, "");
    ceremony(form).then(function (data) {
      window.location.assign(data.redirect);
    }, function (error) {
      // A cancelled or timed-out browser dialog is a DOMException: say it generally (the
      // console keeps the browser's own reason for whoever supports the user).
      if (window.console) console.warn("passkey:", error.name, error.message);
      say(form, error instanceof DOMException ? form.dataset.msgFailed : error.message);
    });
  });
})();
