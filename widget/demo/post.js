// Demo only: stands in for the blog's CMS on /demo/post.html?id=…. It sets the related block's
// post id (before the deferred widget.js mounts it) and fills in the post's title and teaser,
// found by browsing the index (there is no "get post by id" endpoint; the corpus is small).
(function () {
  var id = new URLSearchParams(location.search).get('id') || 'praxis-001';
  var related = document.querySelector('[data-fundus-related]');
  if (related) related.setAttribute('data-post-id', id);

  function text(elId, value) {
    var el = document.getElementById(elId);
    if (el) el.textContent = value;
  }

  function find(page) {
    return fetch('/api/search?size=100&facets=false&page=' + page, { credentials: 'omit' })
      .then(function (r) { return r.ok ? r.json() : { hits: [], total: 0 }; })
      .then(function (body) {
        var hit = (body.hits || []).filter(function (h) { return h.id === id; })[0];
        if (hit) return hit;
        return page * 100 < (body.total || 0) && page < 5 ? find(page + 1) : null;
      });
  }

  find(1).then(function (hit) {
    if (!hit) return text('post-title', 'Beitrag nicht gefunden');
    document.title = hit.title + ' – Land.Digital';
    text('post-title', hit.title);
    var region = hit.region || {};
    var date = new Date(hit.published + 'T00:00:00Z').toLocaleDateString('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    text('post-meta', [hit.type === 'praxisbeispiel' ? 'Praxisbeispiel' : 'Beitrag', date, region.municipality, region.district, region.state]
      .filter(Boolean).join(' · '));
    text('post-teaser', hit.teaser || '');
  }).catch(function () {
    text('post-title', 'Beitrag');
  });
})();
