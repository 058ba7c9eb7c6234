/* embed-view.js - draws the view the embed/ page is asked for
 * (docs/embedding.md) from the catalog's own JSON, and tells the host
 * page its height.  Every text goes in with textContent and every link
 * is one of this site's, so nothing a content file says becomes HTML
 * here; the page's Content-Security-Policy allows no other source. */
(function () {
	'use strict';
	var box = document.getElementById('ocop');
	if (!box || !window.fetch || !window.URLSearchParams)
		return;
	var d = box.dataset;
	var lang = d.lang, language = d.language;
	var rootURL = new URL(d.root, location.href).href;  /* the site */
	var homeURL = new URL(d.base, location.href).href;  /* this language */
	var query = new URLSearchParams(location.search);
	var slugRe = /^[a-z0-9][a-z0-9-]{0,199}$/;

	function t(key) {
		var v = box.getAttribute('data-t-' + key);
		return v === null ? '' : v;
	}

	function param(key) {
		var v = query.get(key);
		return v !== null && slugRe.test(v) ? v : null;
	}

	/* Tells the host page how tall the view is (embed.js sets the
	 * frame's height from it). */
	var lastHeight = -1;
	function postHeight() {
		if (window.parent === window)
			return;
		var h = Math.ceil(box.getBoundingClientRect().height);
		if (h === lastHeight)
			return;
		lastHeight = h;
		window.parent.postMessage({ ocop: 'height', height: h }, '*');
	}

	/* ---- building the view -------------------------------------- */

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls)
			e.className = cls;
		if (text !== undefined && text !== null)
			e.textContent = text;
		return e;
	}

	/* A link that opens the catalog in a new tab. */
	function link(href, text) {
		var a = el('a', null, text);
		a.href = href;
		a.target = '_blank';
		a.rel = 'noopener';
		return a;
	}

	/* The text of a {language: text} object in this language, or the
	 * default language's, marked with its language. */
	function tx(o) {
		if (!o)
			return { text: '', lang: null };
		if (typeof o === 'string')
			return { text: o, lang: null };
		if (o[lang] !== undefined)
			return { text: o[lang], lang: null };
		return { text: o[language] || '', lang: lang === language ? null : language };
	}

	function textEl(tag, cls, o) {
		var v = tx(o);
		var e = el(tag, cls, v.text);
		if (v.lang)
			e.lang = v.lang;
		return e;
	}

	function number(n) {
		var s = String(n), sep = t('thousands-sep') || '.', r = '';
		while (s.length > 3) {
			r = sep + s.slice(-3) + r;
			s = s.slice(0, -3);
		}
		return s + r;
	}

	function countText(n) {
		return t(n === 1 ? 'count-one' : 'count-other').replace('{n}', number(n));
	}

	/* "2027-06-12" as the pages write dates. */
	function date(iso) {
		var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
		if (!m)
			return '';
		var months = t('months');
		if (months) {
			var names = months.split('|');
			return Number(m[3]) + ' ' + names[Number(m[2]) - 1] + ' ' + m[1];
		}
		return m[3] + '/' + m[2] + '/' + m[1];
	}

	/* A URL the open data gives (absolute from the catalog's base_url)
	 * as one on this site: from its root (files) or from this
	 * language's home (pages); null for anything elsewhere. */
	function local(url, siteURL, page) {
		if (typeof url !== 'string' || !siteURL || url.indexOf(siteURL) !== 0)
			return null;
		return new URL(url.slice(siteURL.length), page ? homeURL : rootURL).href;
	}

	function stars(n) {
		var p = el('p', 'ocop-stars');
		var s = el('span', 'ocop-stars-icons', '★★★★★'.slice(0, n));
		s.setAttribute('role', 'img');
		s.setAttribute('aria-label', t('stars-' + n));
		s.appendChild(el('span', 'ocop-stars-blank', '☆☆☆☆☆'.slice(0, 5 - n)));
		p.appendChild(s);
		return p;
	}

	/* One product's card: r is a record of the views' data. */
	function card(r) {
		var li = el('li', 'ocop-card' + (r.status === 'revoked' ||
			r.status === 'expired' ? ' ocop-card-muted' : ''));
		var href = new URL(r.url, homeURL).href;
		if (r.image && r.image.src) {
			var img = el('img', 'ocop-card-img');
			img.src = new URL(tx(r.image.src).text, rootURL).href;
			img.alt = tx(r.image.alt).text;
			img.loading = 'lazy';
			img.width = 320;
			img.height = 240;
			li.appendChild(img);
		}
		var h = el('h2', 'ocop-card-title');
		var name = tx(r.name);
		var a = link(href, name.text);
		if (name.lang)
			a.lang = name.lang;
		h.appendChild(a);
		li.appendChild(h);
		var st = stars(r.stars);
		if (r.potential_5_star) {
			st.appendChild(document.createTextNode(' '));
			st.appendChild(el('span', 'ocop-badge ocop-badge-potential', t('potential')));
		}
		li.appendChild(st);
		var status = el('p', 'ocop-status');
		status.appendChild(el('span', 'ocop-badge ocop-status-' + r.status,
			t('status-' + r.status)));
		var when = r.status === 'valid' && r.expires ? t('valid-until') + ' ' + date(r.expires)
			: r.status === 'expired' && r.expires ? t('expired-on') + ' ' + date(r.expires)
			: r.status === 'pending' && r.issued ? t('in-force-from') + ' ' + date(r.issued) : '';
		if (when)
			status.appendChild(document.createTextNode(' ' + when));
		li.appendChild(status);
		var meta = el('p', 'ocop-meta', (r.group ? t('group-' + r.group) + ' · ' : '') +
			(r.place || ''));
		if (r.producer) {
			meta.appendChild(el('br'));
			meta.appendChild(textEl('span', null, r.producer));
		}
		li.appendChild(meta);
		return li;
	}

	function cards(records) {
		var ul = el('ul', 'ocop-cards');
		records.forEach(function (r) { ul.appendChild(card(r)); });
		return ul;
	}

	function header(title, href) {
		var h = el('h1', 'ocop-title');
		var v = tx(title);
		var a = link(href, v.text);
		if (v.lang)
			a.lang = v.lang;
		h.appendChild(a);
		return h;
	}

	function footer(view, href) {
		var f = el('footer', 'ocop-footer');
		if (href) {
			var more = el('p', 'ocop-more');
			more.appendChild(link(href, t('see-all')));
			f.appendChild(more);
		}
		var src = el('p', 'ocop-source', t('source') + ' ');
		src.appendChild(link(homeURL, d.site));
		f.appendChild(src);
		view.appendChild(f);
	}

	function show(view) {
		box.replaceChildren(view);
		postHeight();
	}

	function fail() {
		var view = el('div', 'ocop-view');
		view.appendChild(el('p', 'ocop-error', t('error')));
		footer(view, null);
		show(view);
	}

	/* ---- the views ------------------------------------------------ */

	var limit = Math.max(1, Math.min(60, parseInt(query.get('limit'), 10) || 12));
	var starsWanted = /^[345](,[345])*$/.test(query.get('stars') || '')
		? query.get('stars').split(',').map(Number) : null;
	var groupWanted = param('group');

	/* A list, a producer's products or a point of sale's: data is the
	 * view's JSON (embed.h). */
	function showList(data) {
		var view = el('div', 'ocop-view');
		var href = new URL(data.url, homeURL).href;
		view.appendChild(header(data.title, href));
		var p = data.pos;
		if (p) {
			var info = el('p', 'ocop-pos');
			info.appendChild(el('span', 'ocop-pos-kind', t('pos-kind-' + p.kind)));
			[p.address || p.place, p.hours && t('hours') + ': ' + p.hours,
			 p.phone && t('phone') + ': ' + p.phone].forEach(function (s) {
				if (s) {
					info.appendChild(el('br'));
					info.appendChild(document.createTextNode(s));
				}
			});
			view.appendChild(info);
		}
		var items = (data.products || []).filter(function (r) {
			return (!starsWanted || starsWanted.indexOf(r.stars) >= 0) &&
				(!groupWanted || r.group === groupWanted);
		});
		view.appendChild(el('p', 'ocop-count', countText(items.length)));
		if (items.length)
			view.appendChild(cards(items.slice(0, limit)));
		else
			view.appendChild(el('p', 'ocop-empty', t('empty')));
		footer(view, href);
		show(view);
	}

	/* One product, from its open-data file (api/v1/products/). */
	function showProduct(data) {
		var site = data.site && data.site.url;
		var p = data.product, tr = (p.translations || {})[lang] || {};
		var names = {}, producer = {};
		names[language] = p.name;
		if (tr.name)
			names[lang] = tr.name;
		if (data.producer)
			producer[language] = data.producer.name;
		var c = p.certificate || {};
		var loc = p.location || {};
		var img = p.images && p.images[0] && local(p.images[0].url, site, false);
		var pageURL = local(p.url, site, true);
		if (!pageURL)
			return fail();
		var r = {
			url: pageURL, name: names, stars: p.stars,
			potential_5_star: p.potential_5_star, status: c.status,
			issued: c.issued, expires: c.expires, group: p.group,
			place: [loc.commune, loc.district, loc.province].filter(Boolean).join(', '),
			producer: data.producer ? producer : null,
			image: img ? { src: img, alt: p.images[0].alt } : null,
		};
		var view = el('div', 'ocop-view ocop-product');
		var ul = cards([r]);
		var li = ul.firstChild;
		var summary = tr.summary || p.summary;
		if (summary) {
			var s = el('p', 'ocop-summary', summary);
			if (!tr.summary && lang !== language)
				s.lang = language;
			li.appendChild(s);
		}
		var pos = data.points_of_sale || [];
		if (pos.length) {
			li.appendChild(el('h3', 'ocop-subtitle', t('where-to-buy')));
			var list = el('ul', 'ocop-where');
			pos.forEach(function (ps) {
				var item = el('li');
				var href = local(ps.url, site, true);
				var name = href ? link(href, ps.name) : el('span', null, ps.name);
				if (lang !== language)
					name.lang = language;
				item.appendChild(name);
				var where = (ps.location || {}).address;
				if (where)
					item.appendChild(document.createTextNode(' – ' + where));
				list.appendChild(item);
			});
			li.appendChild(list);
		}
		view.appendChild(ul);
		footer(view, pageURL);
		show(view);
	}

	/* Where the view's data is, from its parameters (the same folders
	 * as the pages', plan/urls.c). */
	function source() {
		/* a parameter that is not a slug asks for nothing this site has */
		var keys = ['product', 'pos', 'producer', 'decision', 'commune',
			    'district', 'province', 'platform', 'group'];
		for (var i = 0; i < keys.length; i++)
			if (query.has(keys[i]) && !param(keys[i]))
				return null;
		if (query.has('stars') && !starsWanted)
			return null;
		var v, pv = param('province') ||
			(slugRe.test(d.province || '') ? d.province : null);
		if ((v = param('product')))
			return { path: 'api/v1/products/' + v + '.json', product: true };
		if ((v = param('pos')))
			return { path: 'embed/data/points-of-sale/' + v + '.json' };
		if ((v = param('producer')))
			return { path: 'embed/data/producers/' + v + '.json' };
		if ((v = param('decision')))
			return { path: 'embed/data/decisions/' + v + '.json' };
		if ((v = param('commune')))
			return pv && { path: 'embed/data/provinces/' + pv + '/communes/' + v + '.json' };
		if ((v = param('district')))
			return pv && { path: 'embed/data/provinces/' + pv + '/districts/' + v + '.json' };
		if (pv)
			return { path: 'embed/data/provinces/' + pv + '.json' };
		if ((v = param('platform')))
			return { path: 'embed/data/platforms/' + v + '.json' };
		if (groupWanted)
			return { path: 'embed/data/groups/' + groupWanted + '.json' };
		if (starsWanted && starsWanted.length === 1)
			return { path: 'embed/data/stars/' + starsWanted[0] + '.json' };
		return { path: 'embed/data/products.json' };
	}

	if (window.ResizeObserver)
		new ResizeObserver(postHeight).observe(box);
	window.addEventListener('load', postHeight);

	var src = source();
	if (!src)
		return fail();
	fetch(new URL(src.path, rootURL).href, { credentials: 'omit' })
		.then(function (r) {
			if (!r.ok)
				throw new Error('HTTP ' + r.status);
			return r.json();
		})
		.then(src.product ? showProduct : showList)
		.catch(fail);
}());
