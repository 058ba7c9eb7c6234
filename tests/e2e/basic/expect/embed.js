/* embed.js - shows views of an OCOP catalog on another site
 * (docs/embedding.md).  A host page writes, for each view,
 *   <div data-ocop-list data-commune="phuc-trach" data-lang="en">
 *     <a href="...">OCOP products of Phuc Trach</a></div>
 * (or data-ocop-product="<slug>", data-ocop-pos="<slug>") and loads
 * this script once; each such element gets an iframe of the catalog's
 * viewer in place of its link, as tall as the view.  The viewer says
 * its height with postMessage({ocop: "height", height: <px>}); only a
 * message from the catalog's own origin and from that very frame is
 * taken.  No cookie, no request anywhere but the catalog. */
(function (config) {
	'use strict';
	var script = document.currentScript;
	if (!script || !script.src || !window.URL || !window.URLSearchParams)
		return;
	var root = new URL('.', script.src).href;    /* the catalog's root */
	var origin = new URL(root).origin;
	var slug = /^[a-z0-9][a-z0-9-]{0,199}$/;
	var filters = ['province', 'commune', 'district', 'platform',
		       'decision', 'producer', 'pos'];
	var frames = [];

	function viewerURL(el) {
		var q = new URLSearchParams();
		var d = el.dataset;
		if (d.ocopProduct !== undefined) {
			q.set('product', d.ocopProduct);
		} else if (d.ocopPos !== undefined) {
			q.set('pos', d.ocopPos);
		} else {
			filters.forEach(function (k) {
				if (d[k] !== undefined)
					q.set(k, d[k]);
			});
		}
		if (d.stars !== undefined)
			q.set('stars', d.stars);
		if (d.group !== undefined)
			q.set('group', d.group);
		if (d.limit !== undefined)
			q.set('limit', d.limit);
		var lang = d.lang && config.viewers.hasOwnProperty(d.lang) &&
			slug.test(d.lang) ? d.lang : config.language;
		var s = q.toString();
		return root + config.viewers[lang] + (s ? '?' + s : '');
	}

	function mount(el) {
		if (el.getAttribute('data-ocop-mounted') !== null)
			return;
		el.setAttribute('data-ocop-mounted', '');
		var link = el.querySelector('a');
		var frame = document.createElement('iframe');
		frame.src = viewerURL(el);
		frame.title = (link && link.textContent.trim()) || 'OCOP';
		frame.loading = 'lazy';
		frame.referrerPolicy = 'strict-origin-when-cross-origin';
		frame.setAttribute('sandbox', 'allow-scripts allow-same-origin ' +
				   'allow-popups allow-popups-to-escape-sandbox');
		frame.style.cssText = 'display:block;width:100%;border:0;' +
			'height:320px;overflow:hidden;color-scheme:normal';
		frames.push(frame);
		while (el.firstChild)
			el.removeChild(el.firstChild);
		el.appendChild(frame);
	}

	function mountAll() {
		var els = document.querySelectorAll(
			'[data-ocop-list],[data-ocop-product],[data-ocop-pos]');
		for (var i = 0; i < els.length; i++)
			mount(els[i]);
	}

	window.addEventListener('message', function (ev) {
		var m = ev.data;
		if (ev.origin !== origin || !m || typeof m !== 'object' ||
		    m.ocop !== 'height')
			return;
		var h = Number(m.height);
		if (!isFinite(h) || h < 0)
			return;
		for (var i = 0; i < frames.length; i++)
			if (frames[i].contentWindow === ev.source)
				frames[i].style.height =
					Math.min(Math.ceil(h), 20000) + 'px';
	});

	mountAll();
	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', mountAll);
})
({"language":"vi","viewers":{"vi":"embed/","en":"en/embed/"}});
