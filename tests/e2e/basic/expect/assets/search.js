window.ocop = window.ocop || {};
window.ocop.index = {"version":2,"language":"vi","languages":["vi","en"],"doc_chunk":256,"statuses":["valid","expired","revoked","pending","unpublished"],"chunks":["1","5","7","9","a","b","c","d","f","g","h","k","l","m","n","o","p","q","s","t","v","x"],"weights":{"code":12,"name":10,"producer":6,"place":5,"kind":4,"group":3,"summary":2,"story":1}};
window.ocop.strings = {"vi":{"list":"Sản phẩm gợi ý","count-one":"{n} kết quả","count-other":"{n} kết quả","see-all-one":"Xem tất cả {n} kết quả","see-all-other":"Xem tất cả {n} kết quả","hidden-one":"{n} sản phẩm khác có giấy chứng nhận đã hết hiệu lực hoặc bị thu hồi.","hidden-other":"{n} sản phẩm khác có giấy chứng nhận đã hết hiệu lực hoặc bị thu hồi.","none":"Không tìm thấy sản phẩm nào","error":"Không tải được kết quả tìm kiếm.","stars":"{n} sao","status-valid":"Còn hiệu lực","status-expired":"Hết hiệu lực","status-revoked":"Đã thu hồi","status-pending":"Chưa có hiệu lực","status-unpublished":"Chưa công bố thông tin chứng nhận"},"en":{"list":"Suggested products","count-one":"{n} result","count-other":"{n} results","see-all-one":"See {n} result","see-all-other":"See all {n} results","hidden-one":"{n} more product's certificate has expired or been revoked.","hidden-other":"{n} more products' certificates have expired or been revoked.","none":"No product found","error":"Search results could not be loaded.","stars":"{n} stars","status-valid":"Valid","status-expired":"Expired","status-revoked":"Revoked","status-pending":"Not yet in force","status-unpublished":"Certificate details not published"}};
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

	/* The list of chunks: the build adds it to this file as
	 * window.ocop.index (a theme's copy of the file without it
	 * fetches search/meta.json). */
	function index() {
		var ix = window.ocop && window.ocop.index;
		return ix && ix.chunks ? Promise.resolve(ix) : json('search/meta.json');
	}

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

	/* A chunk: Map token → {forms, p: postings}.  It carries the
	 * records of the documents its tokens show first (kept in records),
	 * so that most answers need no file of records after it. */
	var chunkMaps = {}, records = new Map();
	function chunk(name) {
		if (!chunkMaps[name])
			chunkMaps[name] = json('search/t/' + name + '.json').then(function (d) {
				var m = new Map();
				d.tokens.forEach(function (t) {
					/* [number step, weight, spelling, position,
					 * rank] per document: steps made numbers */
					var p = t[2];
					for (var k = 5; k < p.length; k += 5)
						p[k] += p[k - 5];
					m.set(t[0], { forms: t[1], p: p });
				});
				for (var n in d.docs || {})
					records.set(Number(n), d.docs[n]);
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

	/* Chunks a word being typed may load beyond its own: the start of a
	 * word ("ch") can begin dozens, and waits for another letter. */
	var MAX_MORE = 6;

	/*
	 * The matches of w, a word being typed (the start of a longer one,
	 * perhaps), among the documents of only (a Set; null: all): the
	 * words its own chunk holds first, the word as typed among them
	 * ("tho" for Thọ); only when those match nothing, the chunks of the
	 * longer words it begins, when there are at most MAX_MORE.  Sets
	 * state.partial when chunks were left unread.  Resolves to {maps,
	 * m}.
	 */
	function prefixMatches(meta, w, only, state) {
		var best = chunksFor(meta, w.folded, false);
		var more = chunksFor(meta, w.folded, true).slice(best.length);
		return Promise.all(best.map(chunk)).then(function (maps) {
			var m = matches(maps, w, true, only);
			if (m.size || !more.length || more.length > MAX_MORE) {
				state.partial = state.partial || more.length > 0;
				return { maps: maps, m: m, partial: more.length > MAX_MORE };
			}
			return Promise.all(more.map(chunk)).then(function (extra) {
				maps = maps.concat(extra);
				return { maps: maps, m: matches(maps, w, true, only) };
			});
		});
	}

	function doc(meta, id) {
		if (records.has(id))
			return Promise.resolve(records.get(id));
		var n = Math.floor(id / meta.doc_chunk);
		return json('search/d/' + n + '.json').then(function (d) {
			return d.docs[id];
		});
	}

	/* "4 sao", "5 stars", "4sao": a number of stars, taken out of the
	 * words. */
	function starsFilter(ws) {
		for (var i = 0; i < ws.length; i++) {
			var one = /^([345])(sao|stars?)$/.exec(ws[i].folded);
			if (one) {
				ws.splice(i, 1);
				return Number(one[1]);
			}
			if (i + 1 < ws.length && /^[345]$/.test(ws[i].folded) &&
			    /^(sao|stars?)$/.test(ws[i + 1].folded)) {
				var s = Number(ws[i].folded);
				ws.splice(i, 2);
				return s;
			}
		}
		return null;
	}

	/* The best match of query word q in each document: Map doc →
	 * {score, weight, pos}.  A token equal to the word counts fully, a
	 * longer one (the word as a prefix) less; a word typed with marks
	 * counts more where the product spells it the same way. */
	function matches(maps, q, prefix, only) {
		var marked = q.spelling !== q.folded, best = new Map();
		maps.forEach(function (m) {
			m.forEach(function (t, token) {
				var exact = token === q.folded;
				if (!exact && !(prefix && token.indexOf(q.folded) === 0))
					return;
				var quality = exact ? 1 : 0.5 + 0.4 * q.folded.length / token.length;
				for (var k = 0; k < t.p.length; k += 5) {
					var d = t.p[k];
					if (only && !only.has(d))
						continue;
					var w = t.p[k + 1], form = t.forms[t.p[k + 2]] || '';
					var s = w * quality;
					if (marked)
						s *= form.indexOf(q.spelling) === 0 ? 1.5 : 0.8;
					var old = best.get(d);
					if (!old || s > old.score)
						best.set(d, { score: s, weight: w, pos: t.p[k + 3],
							      rank: t.p[k + 4] });
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
				for (var k = 0; k < t.p.length; k += 5) {
					var s = t.p[k + 1] * 0.45, old = best.get(t.p[k]);
					if (!old || s > old.score)
						best.set(t.p[k], { score: s, weight: t.p[k + 1],
								   pos: t.p[k + 3], rank: t.p[k + 4] });
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
							      weight: l.weight, pos: l.pos,
							      rank: l.rank });
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

	var ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

	/* The words one typo away from w, its first letter kept: a letter
	 * dropped or two side by side swapped (few: swaps), or a letter
	 * changed or added (many). */
	function variants(w, swaps) {
		var out = [];
		for (var i = 1; i < w.length; i++) {
			if (swaps) {
				out.push(w.slice(0, i) + w.slice(i + 1));
				if (i + 1 < w.length)
					out.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
				continue;
			}
			for (var k = 0; k < ALPHABET.length; k++) {
				out.push(w.slice(0, i) + ALPHABET[k] + w.slice(i + 1));
				out.push(w.slice(0, i) + ALPHABET[k] + w.slice(i));
			}
		}
		return out;
	}

	/* The chunks holding the words one typo away from w (variants())
	 * that are not in loaded already. */
	function variantChunks(meta, w, swaps, loaded) {
		var out = [];
		variants(w, swaps).forEach(function (v) {
			chunksFor(meta, v, false).forEach(function (n) {
				if (loaded.indexOf(n) < 0 && out.indexOf(n) < 0)
					out.push(n);
			});
		});
		return out;
	}

	/* Matches of q with one typo, among the tokens of maps (its own
	 * chunks), else of the chunks a dropped or swapped letter leads to,
	 * else of those a changed or added one does, when they are few. */
	function typoMatches(meta, maps, q) {
		var m = nearMatches(maps, q);
		if (m.size)
			return Promise.resolve(m);
		var own = chunksFor(meta, q.folded, false);
		var swapped = variantChunks(meta, q.folded, true, own);
		return Promise.all(swapped.map(chunk)).then(function (more) {
			m = nearMatches(more, q);
			if (m.size)
				return m;
			var changed = variantChunks(meta, q.folded, false, own.concat(swapped));
			if (changed.length > 2 * MAX_MORE)
				return m;
			return Promise.all(changed.map(chunk)).then(function (rest) {
				return nearMatches(rest, q);
			});
		});
	}

	/* The matches of query word q: as typed, else with one typo, else
	 * as two words run together. */
	function wordMatches(meta, maps, q, prefix) {
		var m = matches(maps, q, prefix);
		if (m.size || q.folded.length < 5)
			return Promise.resolve(m);
		return typoMatches(meta, maps, q).then(function (near) {
			return near.size || q.folded.length < 6 ? near : splitMatches(meta, q);
		});
	}

	/* The matches of every query word, as [Map doc → match] in the order
	 * of words: when a word matches nothing, it and the next (or the one
	 * before, for the last) are tried as one word split by mistake
	 * ("hati farm" for Hatifarm).  Resolves to {ws, per}. */
	function matchWords(meta, ws, prefix, state) {
		var last = ws.length - 1;
		/* every word's own chunk is asked for at once (the requests
		 * are remembered); a word being typed is matched after the
		 * others, among the documents they match */
		ws.forEach(function (w) { chunksFor(meta, w.folded, false).forEach(chunk); });
		var done = prefix ? ws.slice(0, last) : ws;
		var quick = prefix && done.length ? lastFirst(meta, done, ws[last], state)
			: Promise.resolve(null);
		return quick.then(function (got) {
			return got || wholeWords(meta, done, null).then(function (got) {
			if (!prefix)
				return got;
			var w = ws[last];
			var only = got.length ? common(got.map(function (g) { return g.m; })) : null;
			return prefixMatches(meta, w, only, state).then(function (g) {
				if (g.m.size)
					return g;
				/* the start of a word whose chunks wait: the other
				 * words answer until it is longer */
				if (g.partial && got.length)
					return null;
				/* as typed, nowhere: a typo, or words run together */
				return wordMatches(meta, g.maps, w, true).then(function (all) {
					return { maps: g.maps, m: all };
				});
			}).then(function (g) {
				if (!g)
					ws = ws.slice(0, last);
				return g ? got.concat([g]) : got;
			});
			});
		}).then(function (got) {
			var per = got.map(function (g) { return g.m; });
			var maps = got.map(function (g) { return g.maps; });
			var i = per.findIndex(function (m) { return !m.size; });
			if (i < 0 || ws.length < 2 || state.joined)
				return { ws: ws, per: per, maps: maps };
			state.joined = true;     /* one word split in two, at most */
			var j = i < ws.length - 1 ? i : i - 1;
			var joined = { folded: ws[j].folded + ws[j + 1].folded,
				       spelling: ws[j].spelling + ws[j + 1].spelling };
			return matchWords(meta, ws.slice(0, j).concat([joined], ws.slice(j + 2)),
					  prefix, state);
		});
	}

	/* How many postings the tokens of maps have that are word (or,
	 * when prefix, begin with it). */
	function postings(maps, word, prefix) {
		var n = 0;
		maps.forEach(function (m) {
			if (!prefix) {
				var t = m.get(word);
				n += t ? t.p.length : 0;
				return;
			}
			m.forEach(function (t, token) {
				if (token.indexOf(word) === 0)
					n += t.p.length;
			});
		});
		return n;
	}

	/*
	 * The matches of whole words ws, [{maps, m}] in their order (and
	 * .apart when a word had no document among those before it): the
	 * word with the fewest documents first (wordMatchesOf), each other
	 * among the documents of those before it (or of only, a Set, when
	 * given) when it is a word of the index and matches there (a common
	 * word costs no more than the rare one before it); else on its own,
	 * as wordMatchesOf.
	 */
	function wholeWords(meta, ws, only) {
		return Promise.all(ws.map(function (w) {
			return Promise.all(chunksFor(meta, w.folded, false).map(chunk));
		})).then(function (maps) {
			var got = [];
			var size = ws.map(function (w, i) { return postings(maps[i], w.folded, false); });
			var order = ws.map(function (w, i) { return i; })
				.sort(function (a, b) { return size[a] - size[b]; });
			return order.reduce(function (before, i) {
				return before.then(function () {
					var m = only && size[i] ? matches(maps[i], ws[i], false, only) : null;
					if (m && m.size) {
						got[i] = { maps: maps[i], m: m };
						only = new Set(m.keys());
						return;
					}
					got.apart = got.apart || !!only;
					return wordMatchesOf(meta, ws[i]).then(function (g) {
						got[i] = g;
						only = only ? common([g.m, only]) : new Set(g.m.keys());
					});
				});
			}, Promise.resolve()).then(function () { return got; });
		});
	}

	/*
	 * A word being typed, w, whose own chunk has fewer postings than
	 * each whole word before it ("nuoc mam": mam): matched first, on
	 * its own, and the whole words among its documents.  The same
	 * matches as the long way (whole words first), which it leaves to
	 * matchWords, resolving to null, when w is not the rarest or a
	 * word has no document in common with the others (the long way
	 * then looks for typos).
	 */
	function lastFirst(meta, done, w, state) {
		var loads = [w].concat(done).map(function (x) {
			return Promise.all(chunksFor(meta, x.folded, false).map(chunk));
		});
		return Promise.all(loads).then(function (maps) {
			var n = postings(maps[0], w.folded, true);
			if (!n || done.some(function (x, i) { return postings(maps[i + 1], x.folded, false) <= n; }))
				return null;
			var partial = state.partial;
			return prefixMatches(meta, w, null, state).then(function (g) {
				return wholeWords(meta, done, new Set(g.m.keys())).then(function (got) {
					if (got.apart) {
						state.partial = partial;
						return null;
					}
					return got.concat([g]);
				});
			});
		});
	}

	/* The matches of whole word w (wordMatches), kept for the
	 * keystrokes that follow: {maps: its chunks, m: Map doc → match}. */
	var wordCache = new Map();
	function wordMatchesOf(meta, w) {
		var key = w.folded + ' ' + w.spelling;
		if (!wordCache.has(key)) {
			if (wordCache.size >= 64)
				wordCache.clear();
			wordCache.set(key, Promise.all(chunksFor(meta, w.folded, false).map(chunk))
				.then(function (maps) {
					return wordMatches(meta, maps, w, false).then(function (m) {
						return { maps: maps, m: m };
					});
				}));
		}
		return wordCache.get(key);
	}

	/* The documents in every one of maps, a Set. */
	function common(maps) {
		var sorted = maps.slice().sort(function (a, b) { return a.size - b.size; });
		var out = new Set();
		sorted[0].forEach(function (v, d) {
			for (var i = 1; i < sorted.length; i++)
				if (!sorted[i].has(d))
					return;
			out.add(d);
		});
		return out;
	}

	/* ---- facets ------------------------------------------------------ */

	var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
	var DIGIT = {};         /* char code → its value */
	for (var i = 0; i < DIGITS.length; i++)
		DIGIT[DIGITS.charCodeAt(i)] = i;
	var FACETS = ['stars', 'status', 'group', 'province', 'commune',
		      'producer_type', 'platform'];
	/* what a search shows when it is not told which statuses: current
	 * certificates, not expired or revoked ones */
	var CURRENT = ['valid', 'pending', 'unpublished'];

	/* A file of document numbers and codes (facets.json, a province's
	 * communes), made {docs: [numbers], at: Map number → index, ...}. */
	function numbered(d) {
		var at = new Map(), n = 0;
		d.docs.forEach(function (step, i) {
			n = i ? n + step : step;
			d.docs[i] = n;
			at.set(n, i);
		});
		d.at = at;
		return d;
	}

	/* search/facets.json, loaded when a query filters by more than stars
	 * and status, asks for counts, or has no word: {docs, at, facets:
	 * {name: facet}, list: [facet]}, a facet's values of document number
	 * d by values(fx, facet, d). */
	var facetData = null;
	function facets() {
		if (!facetData)
			facetData = json('search/facets.json').then(function (d) {
				d = numbered(d);
				d.list = d.facets;
				d.facets = {};
				d.list.forEach(function (f) { d.facets[f.name] = f; });
				return d;
			});
		return facetData;
	}

	/* The communes of a province's documents, search/communes/<key>.json,
	 * for a filter by commune or its counts. */
	function communes(province) {
		return json('search/communes/' + province + '.json').then(function (d) {
			return d.at ? d : numbered(d);
		});
	}

	/* The provinces whose communes a query needs: those of the communes
	 * it filters by, and for counts the one province it is limited to
	 * (or the catalog's only one).  Resolves to {province: communes}. */
	function communesFor(fx, filters, counts) {
		var want = (filters.commune || []).map(function (k) { return k.split('/')[0]; });
		var provinces = fx.facets.province.values;
		if (counts && filters.province && filters.province.length === 1)
			want.push(filters.province[0]);
		else if (counts && provinces.length === 1)
			want.push(provinces[0].key);
		want = want.filter(function (k, i) { return want.indexOf(k) === i; });
		return Promise.all(want.map(communes)).then(function (got) {
			var m = {};
			want.forEach(function (k, i) { m[k] = got[i]; });
			return m;
		});
	}

	/* The keys of facet f's values that document d has. */
	function values(fx, f, d) {
		var i = fx.at.get(d), code = 0;
		if (i === undefined)
			return [];
		for (var k = 0; k < f.width; k++)
			code = code * 64 + DIGIT[f.of.charCodeAt(i * f.width + k)];
		if (!f.multi)
			return code ? [f.values[code - 1].key] : [];
		var out = [];
		for (var b = 0; b < f.values.length; b++)
			if (Math.floor(code / Math.pow(2, b)) % 2)
				out.push(f.values[b].key);
		return out;
	}

	/* The filters of options made lists of strings; status CURRENT when
	 * not given. */
	function filtersOf(given, stars) {
		var f = {};
		FACETS.forEach(function (name) {
			var v = given && given[name];
			if (v !== undefined && v !== null && v !== '')
				f[name] = (Array.isArray(v) ? v : [v]).map(String);
		});
		if (stars)
			f.stars = f.stars ? f.stars.filter(function (s) { return s === String(stars); })
				: [String(stars)];
		f.defaultStatus = !f.status;
		if (!f.status)
			f.status = CURRENT;
		return f;
	}

	/*
	 * Ranked results of query: a promise of {total, hidden, results},
	 * each result {url, name, stars, producer, place, commune, province,
	 * status, image, ...}; hidden counts the matches left out only
	 * because their certificates are expired or revoked, when options
	 * did not choose the statuses.  Options: limit (10), lang (the
	 * page's), prefix (true: the last word may be the start of a longer
	 * one, as while typing), filters ({stars, status, group, province,
	 * commune, producer_type, platform}: each a key or a list of keys,
	 * any of which a result has; status by default valid, pending and
	 * unpublished), counts (true: the answer has facets, [{name,
	 * values: [{key, name, in, count}]}], each value's count of matches
	 * with the other filters).  Every word must match; a query without
	 * words lists what the filters let through; a word that cannot
	 * match gives no result.
	 */
	function search(query, options) {
		options = options || {};
		var limit = options.limit === undefined ? 10 : options.limit;
		var lang = options.lang || document.documentElement.lang;
		var ws = queryWords(query);
		var filters = filtersOf(options.filters, starsFilter(ws));
		var prefix = options.prefix !== false;
		var needFacets = !ws.length || options.counts ||
			FACETS.slice(2).some(function (n) { return filters[n]; });
		return index().then(function (meta) {
			if (ws.some(function (w) { return !TOKEN.test(w.folded); }))
				return { total: 0, hidden: 0, results: [] };
			/* a last word of one letter being typed after others:
			 * they answer until it has a second */
			if (prefix && ws.length > 1 && ws[ws.length - 1].folded.length === 1)
				ws.pop();
			var state = { partial: false };
			var fx = needFacets ? facets().then(function (d) {
				return communesFor(d, filters, options.counts).then(function (cm) {
					return { d: d, communes: cm };
				});
			}) : null;
			return Promise.all([
				ws.length ? matchWords(meta, ws, prefix, state).then(function (m) {
					var scored = score(m);
					return scored.length ? scored : retypo(meta, m);
				}) : null,
				fx,
			]).then(function (got) {
				var f = got[1] || {};
				return answer(meta, got[0] || everything(meta, f.d), f.d, f.communes,
					      filters, options.counts, limit, lang, ws).then(function (out) {
					out.partial = state.partial;
					return out;
				});
			});
		});
	}

	/* [{doc, score, rank}] of the documents that match every word. */
	function score(m) {
		var per = m.per, scored = [];
		per[0].forEach(function (first, d) {
			var s = first.score;
			for (var i = 1; i < per.length; i++) {
				var o = per[i].get(d);
				if (!o)
					return;
				s += o.score;
				/* words in order, side by side, in one field */
				var prev = per[i - 1].get(d);
				if (prev.weight === o.weight && o.pos === prev.pos + 1)
					s += o.weight / 2;
			}
			scored.push({ doc: d, score: s, rank: first.rank });
		});
		return scored;
	}

	/* When the words match apart but never together ("vu quanh", a
	 * word that is a word but not the one meant): each word of five
	 * letters or more also matches with one typo. */
	function retypo(meta, m) {
		return Promise.all(m.ws.map(function (w, i) {
			if (w.folded.length < 5)
				return m.per[i];
			return typoMatches(meta, m.maps[i] || [], w).then(function (near) {
				var both = new Map(near);
				m.per[i].forEach(function (v, d) { both.set(d, v); });
				return both;
			});
		})).then(function (per) {
			return score({ ws: m.ws, per: per });
		});
	}

	/* Every document, for a query of filters only. */
	function everything(meta, fx) {
		var S = meta.statuses.length;
		return fx.docs.map(function (d) {
			var stars = Number(values(fx, fx.facets.stars, d)[0]);
			var status = meta.statuses.indexOf(values(fx, fx.facets.status, d)[0]);
			return { doc: d, score: 0, rank: (stars - 3) * S + status };
		});
	}

	/* The first limit results that pass the filters, from their
	 * records; and the counts, when asked for. */
	function answer(meta, scored, fx, cm, filters, counts, limit, lang, typed) {
		var S = meta.statuses.length;
		function has(c, name) {
			if (name === 'stars')
				return [String(3 + Math.floor(c.rank / S))];
			if (name === 'status')
				return [meta.statuses[c.rank % S]];
			if (name === 'commune') {
				var pv = cm[values(fx, fx.facets.province, c.doc)[0]];
				return pv ? values(pv, pv.facet, c.doc) : [];
			}
			return values(fx, fx.facets[name], c.doc);
		}
		/* each match: the filter it fails ('' none, '*' several);
		 * counted for a facet when it fails none or only that one */
		var active = FACETS.filter(function (name) { return filters[name]; });
		var kept = [], hidden = 0;
		scored.forEach(function (c) {
			var failed = '';
			for (var i = 0; i < active.length && failed !== '*'; i++) {
				var want = filters[active[i]];
				if (!has(c, active[i]).some(function (k) { return want.indexOf(k) >= 0; }))
					failed = failed ? '*' : active[i];
			}
			c.failed = failed;
			if (!failed)
				kept.push(c);
			else if (failed === 'status' && filters.defaultStatus)
				hidden++;
		});
		/* ties: more stars, then current certificates, then number */
		kept.sort(function (a, b) {
			return b.score - a.score ||
				Math.floor(b.rank / S) - Math.floor(a.rank / S) ||
				(CURRENT.indexOf(meta.statuses[b.rank % S]) >= 0) -
				(CURRENT.indexOf(meta.statuses[a.rank % S]) >= 0) ||
				a.doc - b.doc;
		});
		var out = { total: kept.length, hidden: hidden };
		/* the communes counted: those of the one province loaded */
		var list = fx ? fx.list.slice() : [];
		var loaded = cm ? Object.keys(cm) : [];
		if (counts && loaded.length === 1)
			list.splice(4, 0, cm[loaded[0]].facet);
		if (counts)
			out.facets = list.map(function (f) {
				var n = {};
				scored.forEach(function (c) {
					if (!c.failed || c.failed === f.name)
						has(c, f.name).forEach(function (k) { n[k] = (n[k] || 0) + 1; });
				});
				return { name: f.name, values: f.values.map(function (v) {
					return { key: v.key, name: v.name, count: n[v.key] || 0 };
				}) };
			});
		var top = kept.slice(0, limit);
		return Promise.all(top.map(function (c) { return doc(meta, c.doc); }))
			.then(function (docs) {
				out.results = docs.map(function (d) {
					return result(d, lang, meta.language);
				});
				/* a product named exactly what was typed comes
				 * before those whose names only hold it */
				var said = (typed || []).map(function (w) { return w.folded; }).join(' ');
				var exact = out.results.filter(function (r) { return named(r.name) === said; });
				if (exact.length)
					out.results = exact.concat(out.results.filter(function (r) {
						return named(r.name) !== said;
					}));
				return out;
			});
	}

	function named(name) {
		return words(name).map(function (w) { return w.folded; }).join(' ');
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
	/* The list of chunks ahead (a search box given the focus asks for
	 * it): nothing to fetch when the build added it to this file. */
	window.ocop.preload = index;
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

	/* ---- filters: their state lives in the address ----------------- */

	var panel = document.getElementById('search-filters');
	var more = document.getElementById('search-more');
	var CHECKS = ['stars', 'status'];      /* the others are menus */
	var filters = {};                       /* name → [keys] */

	function filtersFromURL() {
		var u = new URLSearchParams(location.search), f = {};
		FACETS.forEach(function (name) {
			var v = u.getAll(name).filter(Boolean);
			if (v.length)
				f[name] = CHECKS.indexOf(name) >= 0 ? v : [v[0]];
		});
		return f;
	}

	function valueName(name, v) {
		if (name === 'stars' || name === 'status')
			return t(name + '-' + v.key);
		if (name === 'group')
			return t('group-' + v.key);
		if (name === 'producer_type')
			return t('producer-type-' + v.key);
		return v.name || v.key;
	}

	/* The control of facet f: boxes to tick for stars and status, a
	 * menu for the others; none for a facet of fewer than two values in
	 * the whole catalog (or, for communes, in the province chosen). */
	function makeControl(f) {
		if (f.values.length < 2)
			return null;
		var c = { name: f.name, values: {}, keys: keysOf(f) };
		if (CHECKS.indexOf(f.name) >= 0) {
			c.el = el('fieldset', 'filter');
			c.el.appendChild(el('legend', null, t('facet-' + f.name)));
			f.values.forEach(function (v) {
				var label = el('label'), box = el('input');
				box.type = 'checkbox';
				box.name = f.name;
				box.value = v.key;
				label.appendChild(box);
				label.appendChild(document.createTextNode(' ' + valueName(f.name, v) + ' '));
				var n = el('span', 'count');
				label.appendChild(n);
				c.el.appendChild(label);
				c.values[v.key] = { label: label, input: box, count: n };
			});
		} else {
			c.el = el('label', 'filter');
			c.el.appendChild(el('span', 'filter-name', t('facet-' + f.name)));
			var menu = c.menu = el('select');
			menu.name = f.name;
			var any = el('option', null, t('any'));
			any.value = '';
			menu.appendChild(any);
			f.values.forEach(function (v) {
				var o = el('option');
				o.value = v.key;
				menu.appendChild(o);
				c.values[v.key] = { option: o, text: valueName(f.name, v) };
			});
			c.el.appendChild(menu);
		}
		return c;
	}

	function keysOf(f) {
		return f.values.map(function (v) { return v.key; }).join();
	}

	/* The filters as the controls say; a commune only with its
	 * province chosen. */
	function readControls() {
		filters = {};
		Object.keys(controls).forEach(function (name) {
			var c = controls[name], v = [];
			if (c.menu) {
				if (c.menu.value)
					v.push(c.menu.value);
			} else {
				Object.keys(c.values).forEach(function (k) {
					if (c.values[k].input.checked)
						v.push(k);
				});
			}
			if (v.length && !(name === 'status' && same(v, CURRENT)))
				filters[name] = v;
		});
		if (filters.commune && !(filters.province &&
		    filters.province.indexOf(filters.commune[0].split('/')[0]) >= 0))
			delete filters.commune;
	}

	var controls = {};              /* facet name → its control */
	panel.addEventListener('change', function () {
		readControls();
		remember(true);
		run(input.value);
	});

	function same(a, b) {
		return a.length === b.length && a.every(function (x) { return b.indexOf(x) >= 0; });
	}

	/* Shows the filters as they are, each value with its count of
	 * results; a value no result has is hidden, unless it is chosen.
	 * The communes' menu comes with the province chosen. */
	function showFilters(facets) {
		var els = [];
		facets.forEach(function (f) {
			var c = controls[f.name];
			if (!c || c.keys !== keysOf(f))
				c = makeControl(f);
			if (!c) {
				delete controls[f.name];
				return;
			}
			controls[f.name] = c;
			els.push(c.el);
			var chosen = f.name === 'status' && !filters.status ? CURRENT : filters[f.name] || [];
			f.values.forEach(function (v) {
				var x = c.values[v.key], on = chosen.indexOf(v.key) >= 0;
				if (c.menu) {
					x.option.textContent = x.text + ' (' + v.count + ')';
					x.option.hidden = x.option.disabled = !v.count && !on;
				} else {
					x.input.checked = on;
					x.count.textContent = '(' + v.count + ')';
					/* a status chosen by default is shown
					 * only when some result has it */
					x.label.hidden = !v.count && !(on && filters[f.name]);
				}
			});
			if (c.menu)
				c.menu.value = chosen[0] || '';
		});
		Object.keys(controls).forEach(function (name) {
			if (!facets.some(function (f) { return f.name === name; }))
				delete controls[name];
		});
		/* controls stay in place while they can, so focus stays */
		var now = [].slice.call(panel.children);
		if (now.length !== els.length || now.some(function (e, i) { return e !== els[i]; }))
			panel.replaceChildren.apply(panel, els);
		panel.hidden = els.length === 0;
	}

	/* ---- results ----------------------------------------------------- */

	/* Runs query q with the filters: the results first, then the
	 * counts of the filters (which need facets.json, the larger file). */
	var asked = 0;
	function run(q) {
		var n = ++asked;
		var filtered = Object.keys(filters).length > 0;
		var asking = q.trim() !== '' || filtered;
		if (!asking) {
			list.replaceChildren();
			status.textContent = '';
			more.hidden = true;
		}
		var options = { limit: 24, filters: filters };
		var results = !asking ? Promise.resolve() : search(q, options).then(function (r) {
			if (n !== asked)
				return;             /* a later query has been typed */
			list.replaceChildren.apply(list, r.results.map(card));
			/* nothing yet from the start of a word: no verdict */
			status.textContent = r.total
				? t(r.total === 1 ? 'found-one' : 'found-other').replace('{n}', r.total)
				: r.partial ? '' : t('none');
			more.hidden = !r.hidden;
			if (r.hidden)
				more.firstChild.textContent = t(r.hidden === 1 ? 'hidden-one' : 'hidden-other')
					.replace('{n}', r.hidden) + ' ';
		});
		/* without words or filters, the counts are over every product */
		results.then(function () {
			if (n !== asked)
				return null;
			return search(q, { limit: 0, filters: filters, counts: true });
		}).then(function (r) {
			if (r && n === asked && r.facets)
				showFilters(r.facets);
		}).catch(function () {
			if (n === asked)
				status.textContent = t('error');
		});
	}

	/* "Show them too": expired and revoked certificates beside the
	 * current ones. */
	more.querySelector('button').addEventListener('click', function () {
		filters.status = CURRENT.concat(['expired', 'revoked']);
		remember(true);
		run(input.value);
	});

	/* The page itself is for search engines (without JavaScript it
	 * lists the lists to browse, and its canonical link drops any
	 * query); a page of results is not: a crawler that runs this script
	 * on /search/?q=... is told so. */
	function noindexResults() {
		if (!location.search || document.querySelector('meta[name="robots"]'))
			return;
		var m = document.createElement('meta');
		m.name = 'robots';
		m.content = 'noindex';
		document.head.appendChild(m);
	}

	function fromURL() {
		noindexResults();
		var q = new URLSearchParams(location.search).get('q') || '';
		input.value = q;
		filters = filtersFromURL();
		run(q);
	}

	/* The address follows the query and the filters: typing rewrites
	 * the current entry of the history, and the first keystroke after a
	 * submitted query starts a new one, as a change of filter does, so
	 * back and forward step through what was asked. */
	var timer = null, newEntry = false;
	function remember(push) {
		var url = new URL(location.href);
		var before = url.search;
		url.search = '';
		url.searchParams.set('q', input.value);
		FACETS.forEach(function (name) {
			(filters[name] || []).forEach(function (v) { url.searchParams.append(name, v); });
		});
		if (url.search === before && !push)
			return;
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
