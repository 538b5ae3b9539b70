"""The read path's cache: each public answer rendered once per change, and sent before routing.

- What is kept: public answers (widget fragments and batches, summaries, review lists,
  the embed script and statics), each as an ``Entry`` in every form it is sent in
  (plain, gzip, brotli) with its ETag (``answers.make_entry``), in each process's memory
  (``memory.RenderCache``), up to ``render_cache_mb``.
- Under which key: ``answers.cache_key``: path, query, scheme, host, Accept-Language and
  whether a browser tab asked for a page; the routes and the early path agree on it.
- When it is dropped: when the change feed names the entry's shop (``RenderCache.follow``,
  twice a second and after this process's own writes), when memory runs short (oldest
  first), and after its ``lifetime`` for answers that show the clock ("N looking now").
- How it is answered: ``before_routing.CachedAnswers``, the outermost middleware, sends a
  hit at once; a miss goes to the route, which renders through ``answers.cached_answer``
  (one render per key for all who miss together: ``answers.render_once``) and keeps it.
"""
