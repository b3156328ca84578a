// The server answers a wrong token with 303 to sign-in.html?failed=1; a plain HTML page cannot
// react to the query string, so this is the only script the sign-in page has.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  if (new URLSearchParams(location.search).get('failed') === '1') {
    const error = document.getElementById('sign-in-error');
    if (error) error.hidden = false;
    // The name was probably right; the token is what to retype.
    const token = document.getElementById('token');
    if (token) token.focus();
  }
});
