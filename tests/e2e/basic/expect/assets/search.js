/* search.js - search over the catalog's index (docs/search.md), in the
 * browser, with no server: window.ocop.search(query, options) for any
 * page, and the search page's form and results.
 *
 * Words are cut and folded exactly as ocop cuts and folds them when it
 * writes the index (src/util/fold.c; tests/data/fold-vectors.json holds
 * both to it): a run of letters and digits with the marks inside it,
 * lowercase, without tone or letter marks, đ as d.  The index comes in
 * chunks named by prefixes of its tokens, loaded on the first query
 * that needs them; results are drawn with textContent only. */
(function () {
	'use strict';
	var script = document.currentScript;
	if (!script || !window.fetch)
		return;
	var root = new URL('../', script.src).href;     /* the site's root */
	var LETTER = /[\p{L}\p{N}]/u, MARK = /\p{Mn}/u, MARKS = /\p{Mn}/gu;
	var TOKEN = /^[a-z0-9]+$/;

	/* ---- words, as src/util/fold.c cuts them ------------------------- */

	/* lowercase as Unicode case folding does for the letters a catalog
	 * holds (toLowerCase leaves ß, which folding makes ss) */
	function lower(w) {
		return w.toLowerCase().replace(/ß/g, 'ss');
	}

	function foldWord(w) {
		return lower(w.normalize('NFD')).replace(MARKS, '').replace(/đ/g, 'd');
	}

	/* [{folded, spelling}] of text: spelling lowercase and composed. */
	function words(text) {
		var out = [], cur = '';
		function end() {
			if (cur) {
				var folded = foldWord(cur);
				if (folded)
					out.push({ folded: folded,
						   spelling: lower(cur).normalize('NFC') });
			}
			cur = '';
		}
		for (var ch of String(text)) {
			if (LETTER.test(ch))
				cur += ch;
			else if (MARK.test(ch)) {
				if (cur)
					cur += ch;
			} else {
				end();
			}
		}
		end();
		return out;
	}

	/* The words of a query: a term written without spaces that holds a
	 * number and several words ("1542/QĐ-UBND", "42-001-2-5-2024") is
	 * one word of them joined, as ocop indexes a decision number, a
	 * product code or a GTIN (src/plan/search.c). */
	function queryWords(query) {
		var out = [];
		String(query).split(/\s+/).forEach(function (term) {
			var ws = words(term);
			if (ws.length > 1 && ws.some(function (w) { return /[0-9]/.test(w.folded); }))
				out.push({
					folded: ws.map(function (w) { return w.folded; }).join(''),
					spelling: ws.map(function (w) { return w.spelling; }).join(''),
				});
			else
				out.push.apply(out, ws);
		});
		return out;
	}

	/* ---- the index -------------------------------------------------- */

	var cache = {};
	function json(path) {
		if (!cache[path])
			cache[path] = fetch(root + path, { credentials: 'omit' })
				.then(function (r) {
					if (!r.ok)
						throw new Error(path + ': HTTP ' + r.status);
					return r.json();
				});
		return cache[path];
	}

	var chunkMaps = {};
	function chunk(name) {
		if (!chunkMaps[name])
			chunkMaps[name] = json('search/t/' + name + '.json').then(function (d) {
				var m = new Map();
				d.tokens.forEach(function (t) { m.set(t[0], { forms: t[1], p: t[2] }); });
				return m;
			});
		return chunkMaps[name];
	}

	/* The chunks that may hold word w: the one whose name is the longest
	 * that begins w, and, for a prefix of two letters or more, every
	 * chunk whose name begins with w. */
	function chunksFor(meta, w, prefix) {
		var best = null, more = [];
		meta.chunks.forEach(function (n) {
			if (w.indexOf(n) === 0 && (!best || n.length > best.length))
				best = n;
			else if (prefix && w.length >= 2 && n.indexOf(w) === 0)
				more.push(n);
		});
		return (best ? [best] : []).concat(more);
	}

	function doc(meta, id) {
		var n = Math.floor(id / meta.doc_chunk);
		return json('search/d/' + n + '.json').then(function (d) {
			return d.docs[id - d.first];
		});
	}

	/* "4 sao", "5 stars": a stars filter, taken out of the words. */
	function starsFilter(ws) {
		for (var i = 0; i + 1 < ws.length; i++)
			if (/^[345]$/.test(ws[i].folded) && /^(sao|stars?)$/.test(ws[i + 1].folded)) {
				var s = Number(ws[i].folded);
				ws.splice(i, 2);
				return s;
			}
		return null;
	}

	/* The best match of query word q in each document: Map doc →
	 * {score, weight, pos}.  A token equal to the word counts fully, a
	 * longer one (the word as a prefix) less; a word typed with marks
	 * counts more where the product spells it the same way. */
	function matches(maps, q, prefix) {
		var marked = q.spelling !== q.folded, best = new Map();
		maps.forEach(function (m) {
			m.forEach(function (t, token) {
				var exact = token === q.folded;
				if (!exact && !(prefix && token.indexOf(q.folded) === 0))
					return;
				var quality = exact ? 1 : 0.5 + 0.4 * q.folded.length / token.length;
				for (var k = 0; k < t.p.length; k += 4) {
					var d = t.p[k], w = t.p[k + 1], form = t.forms[t.p[k + 2]] || '';
					var s = w * quality;
					if (marked)
						s *= form.indexOf(q.spelling) === 0 ? 1.5 : 0.8;
					var old = best.get(d);
					if (!old || s > old.score)
						best.set(d, { score: s, weight: w, pos: t.p[k + 3] });
				}
			});
		});
		return best;
	}

	/* Whether a and b are one edit apart: a letter added, dropped,
	 * changed, or two side by side swapped. */
	function oneEdit(a, b) {
		if (Math.abs(a.length - b.length) > 1 || a === b)
			return false;
		var i = 0;
		while (i < a.length && i < b.length && a[i] === b[i])
			i++;
		if (a.length === b.length)
			return a.slice(i + 1) === b.slice(i + 1) ||
				(a[i] === b[i + 1] && a[i + 1] === b[i] &&
				 a.slice(i + 2) === b.slice(i + 2));
		return a.length > b.length ? a.slice(i + 1) === b.slice(i)
					   : a.slice(i) === b.slice(i + 1);
	}

	/* Matches of a word of five letters or more that matched nothing,
	 * with one typo, among the tokens of its chunks (a typo in its first
	 * letter is not found). */
	function nearMatches(maps, q) {
		var best = new Map();
		maps.forEach(function (m) {
			m.forEach(function (t, token) {
				if (token.length < 4 || !oneEdit(token, q.folded))
					return;
				for (var k = 0; k < t.p.length; k += 4) {
					var s = t.p[k + 1] * 0.45, old = best.get(t.p[k]);
					if (!old || s > old.score)
						best.set(t.p[k], { score: s, weight: t.p[k + 1], pos: t.p[k + 3] });
				}
			});
		});
		return best;
	}

	/* Matches of two words typed as one ("nuocmam"): each way of cutting
	 * it into two tokens, both in one product. */
	function splitMatches(meta, q) {
		var f = q.folded, cuts = [];
		for (var k = 2; k <= f.length - 2; k++)
			cuts.push([f.slice(0, k), f.slice(k)]);
		var load = function (w) { return Promise.all(chunksFor(meta, w, false).map(chunk)); };
		return Promise.all(cuts.map(function (c) {
			return Promise.all([load(c[0]), load(c[1])]).then(function (maps) {
				var left = matches(maps[0], { folded: c[0], spelling: c[0] }, false);
				var right = matches(maps[1], { folded: c[1], spelling: c[1] }, false);
				var both = new Map();
				left.forEach(function (l, d) {
					var r = right.get(d);
					if (r)
						both.set(d, { score: (l.score + r.score) * 0.4,
							      weight: l.weight, pos: l.pos });
				});
				return both;
			});
		})).then(function (all) {
			var best = new Map();
			all.forEach(function (m) {
				m.forEach(function (v, d) {
					var old = best.get(d);
					if (!old || v.score > old.score)
						best.set(d, v);
				});
			});
			return best;
		});
	}

	/* The matches of query word q: as typed, else with one typo, else
	 * as two words run together. */
	function wordMatches(meta, maps, q, prefix) {
		var m = matches(maps, q, prefix);
		if (m.size || q.folded.length < 5)
			return Promise.resolve(m);
		m = nearMatches(maps, q);
		if (m.size)
			return Promise.resolve(m);
		return q.folded.length >= 6 ? splitMatches(meta, q) : Promise.resolve(m);
	}

	/*
	 * Ranked results of query: a promise of {total, results}, each
	 * result {url, name, stars, producer, place, commune, province,
	 * status, image, lang}.  options: limit (10), lang (the page's),
	 * stars (a number: only those), prefix (true: the last word may be
	 * the start of a longer one, as while typing).  Every word must
	 * match; a query with no word that can match gives no result.
	 */
	function search(query, options) {
		options = options || {};
		var limit = options.limit || 10;
		var lang = options.lang || document.documentElement.lang;
		var ws = queryWords(query);
		var stars = options.stars || starsFilter(ws);
		return json('search/meta.json').then(function (meta) {
			if (!ws.length || ws.some(function (w) { return !TOKEN.test(w.folded); }))
				return { total: 0, results: [] };
			var prefix = options.prefix !== false;
			var loads = ws.map(function (w, i) {
				var p = prefix && i === ws.length - 1;
				return Promise.all(chunksFor(meta, w.folded, p).map(chunk));
			});
			return Promise.all(loads).then(function (maps) {
				return Promise.all(ws.map(function (w, i) {
					return wordMatches(meta, maps[i], w, prefix && i === ws.length - 1);
				}));
			}).then(function (per) {
				var scored = [];
				per[0].forEach(function (m, d) {
					var score = m.score;
					for (var i = 1; i < per.length; i++) {
						var o = per[i].get(d);
						if (!o)
							return;
						score += o.score;
						/* words in order, side by side, in one field */
						var prev = per[i - 1].get(d);
						if (prev.weight === o.weight && o.pos === prev.pos + 1)
							score += o.weight / 2;
					}
					scored.push({ doc: d, score: score });
				});
				scored.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
				return rank(meta, scored, stars, limit, lang);
			});
		});
	}

	/* The first limit results that pass the filter, from their
	 * documents; ties broken by stars. */
	function rank(meta, scored, stars, limit, lang) {
		/* the records of the results shown (32 to a file): a filter
		 * needs every candidate's */
		var need = stars ? scored : scored.slice(0, limit);
		return Promise.all(need.map(function (s) { return doc(meta, s.doc); }))
			.then(function (docs) {
				var list = need.map(function (s, i) {
					return { s: s, d: docs[i] };
				}).filter(function (x) {
					return x.d && (!stars || x.d.stars === stars);
				});
				list.sort(function (a, b) {
					return b.s.score - a.s.score || b.d.stars - a.d.stars ||
						a.s.doc - b.s.doc;
				});
				var total = stars ? list.length : scored.length;
				return {
					total: total,
					results: list.slice(0, limit).map(function (x) {
						return result(x.d, lang, meta.language);
					}),
				};
			});
	}

	function text(o, lang, language) {
		if (!o)
			return { text: '', lang: null };
		if (o[lang] !== undefined)
			return { text: o[lang], lang: null };
		return { text: o[language] || '', lang: lang === language ? null : language };
	}

	function result(d, lang, language) {
		var name = text(d.name, lang, language);
		var home = root + (lang === language ? '' : lang + '/');
		var img = d.image ? text(d.image.src, lang, language).text : null;
		return {
			url: home + d.url, name: name.text, nameLang: name.lang,
			stars: d.stars, status: d.status, expires: d.expires,
			issued: d.issued, potential_5_star: !!d.potential_5_star,
			producer: text(d.producer, lang, language).text,
			place: d.place || '', commune: d.commune || '',
			province: d.province || '', group: d.group,
			image: img ? { src: root + img,
				       alt: d.image.alt ? text(d.image.alt, lang, language).text : '' } : null,
		};
	}

	window.ocop = window.ocop || {};
	window.ocop.search = search;
	window.ocop.words = words;

	/* ---- the search page ----------------------------------------------- */

	var box = document.getElementById('search');
	if (!box)
		return;
	var input = document.getElementById('search-q');
	var status = document.getElementById('search-status');
	var list = document.getElementById('search-results');
	var form = input.form;
	function t(key) {
		var v = box.getAttribute('data-t-' + key);
		return v === null ? '' : v;
	}
	function el(tag, cls, txt) {
		var e = document.createElement(tag);
		if (cls)
			e.className = cls;
		if (txt !== undefined && txt !== null)
			e.textContent = txt;
		return e;
	}
	function date(iso) {
		var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
		if (!m)
			return '';
		var months = t('months');
		return months ? Number(m[3]) + ' ' + months.split('|')[Number(m[2]) - 1] + ' ' + m[1]
			: m[3] + '/' + m[2] + '/' + m[1];
	}
	function card(r) {
		var li = el('li', 'card' + (r.status === 'revoked' ? ' card-revoked' : ''));
		if (r.image) {
			var img = el('img', 'card-img');
			img.src = r.image.src;
			img.alt = r.image.alt;
			img.loading = 'lazy';
			li.appendChild(img);
		}
		var h = el('h3');
		var a = el('a', null, r.name);
		a.href = r.url;
		if (r.nameLang)
			a.lang = r.nameLang;
		h.appendChild(a);
		li.appendChild(h);
		var p = el('p');
		var st = el('span', 'stars-icons', '★★★★★'.slice(0, r.stars));
		st.setAttribute('role', 'img');
		st.setAttribute('aria-label', t('stars-' + r.stars));
		st.appendChild(el('span', null, '☆☆☆☆☆'.slice(0, 5 - r.stars)));
		p.appendChild(st);
		p.appendChild(document.createTextNode(' '));
		p.appendChild(el('span', 'badge status-' + r.status, t('status-' + r.status)));
		var when = r.status === 'valid' && r.expires ? t('valid-until') + ' ' + date(r.expires)
			: r.status === 'expired' && r.expires ? t('expired-on') + ' ' + date(r.expires) : '';
		if (when)
			p.appendChild(document.createTextNode(' ' + when));
		li.appendChild(p);
		var meta = el('p', 'card-meta', (r.group ? t('group-' + r.group) + ' · ' : '') + r.place);
		if (r.producer) {
			meta.appendChild(el('br'));
			meta.appendChild(document.createTextNode(r.producer));
		}
		li.appendChild(meta);
		return li;
	}

	var asked = 0;
	function run(q) {
		var n = ++asked;
		if (!q.trim()) {
			list.replaceChildren();
			status.textContent = '';
			return;
		}
		search(q, { limit: 24 }).then(function (r) {
			if (n !== asked)
				return;             /* a later query has been typed */
			list.replaceChildren.apply(list, r.results.map(card));
			status.textContent = r.total
				? t(r.total === 1 ? 'found-one' : 'found-other').replace('{n}', r.total)
				: t('none');
		}, function () {
			if (n === asked)
				status.textContent = t('error');
		});
	}

	function fromURL() {
		var q = new URLSearchParams(location.search).get('q') || '';
		input.value = q;
		run(q);
	}

	/* The address follows the query: typing rewrites the current entry
	 * of the history, and the first keystroke after a submitted query
	 * starts a new one, so back and forward step through what was
	 * submitted. */
	var timer = null, newEntry = false;
	function remember(push) {
		var url = new URL(location.href);
		if (url.searchParams.get('q') === input.value && !push)
			return;
		url.searchParams.set('q', input.value);
		if (push || newEntry)
			history.pushState(null, '', url);
		else
			history.replaceState(null, '', url);
		newEntry = false;
	}
	input.addEventListener('input', function () {
		clearTimeout(timer);
		timer = setTimeout(function () {
			remember(false);
			run(input.value);
		}, 120);
	});
	form.addEventListener('submit', function (ev) {
		ev.preventDefault();
		clearTimeout(timer);
		var q = new URL(location.href).searchParams.get('q');
		remember(q !== input.value);
		newEntry = true;
		run(input.value);
	});
	window.addEventListener('popstate', function () {
		newEntry = true;    /* the entry gone back to stays as it is */
		fromURL();
	});
	fromURL();
}());
