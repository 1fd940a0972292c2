// The <script src=".../widget.js" defer> entry: mounts every [data-fundus-search] and
// [data-fundus-related] element on the page, with the script's own origin as the API endpoint
// (unless data-endpoint on the script or the element says otherwise), and exposes window.Fundus.

import { guard } from './dom.js';
import { mount, mountAll } from './index.js';

(() => {
  try {
    const script = document.currentScript;
    let defaultEndpoint = '';
    try {
      defaultEndpoint = script?.dataset.endpoint || (script?.src ? new URL(script.src, location.href).origin : '');
    } catch {
      defaultEndpoint = '';
    }
    const pageOptions = () => ({ defaultEndpoint, ...(window.fundusOptions ?? {}) });
    window.Fundus = window.Fundus ?? {
      mount: (el, options) => mount(el, { ...pageOptions(), ...options }),
      mountAll: (root) => mountAll(root, pageOptions()),
    };
    const start = guard(() => mountAll(document, pageOptions()));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  } catch {
    // never into the host page
  }
})();
