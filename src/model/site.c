/*
 * site.c - reads site.yaml into struct site: starts from the defaults,
 * then reads each setting it knows with read.c's readers and checks the
 * ones that go into pages as they are (base_url, language codes,
 * platforms' hosts).  Every problem is a diag, so one run reports them
 * all; an unknown key gets a warning, naming the known key it is
 * closest to when one is near.
 */
#include "site.h"

#include <string.h>

#include "read.h"
#include "../parse/url.h"
#include "../util/banned.h"

static const struct {
	const char *key, *name, *hosts[2];
} default_platforms[] = {
	{ "shopee", "Shopee", { "shopee.vn", NULL } },
	{ "lazada", "Lazada", { "lazada.vn", NULL } },
	{ "tiki", "Tiki", { "tiki.vn", NULL } },
	{ "sendo", "Sendo", { "sendo.vn", NULL } },
	{ "tiktok", "TikTok Shop", { "tiktok.com", "vt.tiktok.com" } },
	{ "postmart", "Postmart", { "postmart.vn", NULL } },
	{ "voso", "Voso", { "voso.vn", NULL } },
	{ "website", "Website", { "*", NULL } },
};

static void
use_default_platforms(struct site *s, struct arena *a)
{
	size_t n = sizeof(default_platforms) / sizeof(default_platforms[0]);
	s->platforms = arena_array(a, n, sizeof(*s->platforms));
	for (size_t i = 0; i < n; i++) {
		struct platform *p = &s->platforms[i];
		p->key = default_platforms[i].key;
		p->name = default_platforms[i].name;
		p->hosts = arena_array(a, 2, sizeof(*p->hosts));
		for (size_t h = 0; h < 2 && default_platforms[i].hosts[h]; h++)
			p->hosts[p->n_hosts++] = default_platforms[i].hosts[h];
	}
	s->n_platforms = n;
}

/* Whether key is one or more of a-z, 0-9 and '-', starting with a
 * letter or digit. */
static bool
is_key_slug(const char *key)
{
	if (!*key || *key == '-')
		return false;
	for (const char *c = key; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '-'))
			return false;
	return true;
}

static void
read_platforms(struct reader *r, struct site *s, const struct fm_node *m)
{
	s->platforms = arena_array(r->a, m->n, sizeof(*s->platforms));
	for (size_t i = 0; i < m->n; i++) {
		const struct fm_node *v = m->pairs[i].value;
		struct platform *p = &s->platforms[s->n_platforms];
		p->key = m->pairs[i].key->str;
		if (!is_key_slug(p->key)) {
			/* the key names the platform's page, platforms/<key>/ */
			diag_error(r->dl, m->pairs[i].key->at, "platform",
				   "platform key \"%s\" may hold only lowercase letters a-z, digits and hyphens: it names the page platforms/<key>/",
				   p->key);
			diag_hint(r->dl, "write it as shopee, tiktok-shop or sendo");
			continue;
		}
		if (v->kind != FM_MAP) {
			diag_error(r->dl, v->at, "type",
				   "platform \"%s\" must be a mapping with name and hosts",
				   p->key);
			diag_hint(r->dl, "write it as %s: { name: ..., hosts: [...] }",
				  p->key);
			continue;
		}
		if (!read_text(r, v, "name", true, &p->name))
			continue;
		struct strlist hosts = { 0 };
		struct pos *host_at = NULL;
		if (!read_codelist(r, v, "hosts", &hosts, &host_at) || !hosts.n) {
			diag_error(r->dl, v->at, "required",
				   "platform \"%s\" needs a list of hosts", p->key);
			diag_hint(r->dl, "add hosts: [...] with the web addresses of its shop links, such as shopee.vn");
			continue;
		}
		/* stored normalised, as url_parse() gives a shop's host */
		bool ok = true;
		for (size_t h = 0; h < hosts.n; h++) {
			const char *text = hosts.v[h];
			if (url_host_normalise(&hosts.v[h], text, r->a) == URL_OK)
				continue;
			diag_error(r->dl, host_at[h], "platform",
				   "host \"%s\" of platform \"%s\" is not a host name",
				   text, p->key);
			diag_hint(r->dl, "write only the host name of its shop links, as in shopee.vn: no https://, no / and no port");
			ok = false;
		}
		if (!ok)
			continue;
		p->hosts = hosts.v;
		p->n_hosts = hosts.n;
		s->n_platforms++;
	}
}

/*
 * subgroups names the product subgroups, which are free slugs: a name is
 * either text, in the default language (and shown in every language
 * that has none), or a mapping from language code to the name in that
 * language, { vi: ..., en: ... }.
 */
static void
read_subgroups(struct reader *r, struct site *s, const struct fm_node *m)
{
	s->subgroups = arena_array(r->a, m->n + 1, sizeof(*s->subgroups));
	for (size_t i = 0; i < m->n; i++) {
		const char *slug = m->pairs[i].key->str;
		const struct fm_node *v = m->pairs[i].value;
		struct subgroup_names *g = &s->subgroups[s->n_subgroups];
		g->slug = slug;
		if (v->kind != FM_MAP) {
			if (read_text(r, m, slug, false, &g->name[0]))
				s->n_subgroups++;
			continue;
		}
		for (size_t k = 0; k < v->n; k++) {
			const struct fm_pair *p = &v->pairs[k];
			int li = site_lang_index(s, p->key->str);
			if (li < 0) {
				diag_error(r->dl, p->key->at, "languages",
					   "\"%s\" in subgroup \"%s\" is not one of languages",
					   p->key->str, slug);
				diag_hint(r->dl, "add \"%s\" to languages, or delete that name",
					  p->key->str);
			} else {
				read_text(r, v, p->key->str, false,
					  &g->name[li]);
			}
		}
		s->n_subgroups++;
	}
}

/*
 * base_url goes into canonical links, the sitemap, robots.txt and the
 * 404 page's links and stylesheet, so it must be an absolute http(s)
 * URL of the site itself: no other scheme (javascript:), no
 * protocol-relative //host, no userinfo, and no query or fragment (the
 * page paths are appended to it).  Stored normalised, ending with '/',
 * with its path apart (base_path).
 *
 * Every page links relatively, so the site works in any folder, except
 * the 404 page: a server shows it for a missing URL at any depth, so it
 * links from base_path, and ocop cannot know the folder without
 * base_url.  Leaving it out is therefore a warning.
 */
static void
read_base_url(struct reader *r, struct site *s, const struct fm_node *root)
{
	const char *text;
	struct pos at = read_pos(root, "base_url");
	if (!read_text(r, root, "base_url", false, &text)) {
		const struct fm_node *v = fm_get(root, "base_url");
		if (v && !(v->kind == FM_SCALAR && fm_is_null(v)))
			return;         /* not text: read_text said so */
		diag_warning(r->dl, at, "base-url",
			     "base_url is not set: the 404 page will link from the root of the web server (/), and its links break if the site is published in a sub-folder");
		diag_hint(r->dl, "write the address the site is published at, as in base_url: https://ocop.hatinh.gov.vn/ or, in a sub-folder, https://snn.hatinh.gov.vn/ocop/ (the sitemap and canonical links need it too)");
		return;
	}
	struct url u;
	enum url_error err = read_url(r, at, text, URL_HTTP | URL_HTTPS, &u);
	if (err == URL_SCHEME || err == URL_RELATIVE) {
		diag_error(r->dl, at, "url",
			   "base_url must be a whole web address starting with https:// (or http://), found \"%s\"",
			   text);
		diag_hint(r->dl, "write the address the site is published at, as in https://ocop.hatinh.gov.vn/");
		return;
	}
	if (err)
		return;
	if (u.query || u.fragment) {
		diag_error(r->dl, at, "url",
			   "base_url \"%s\" must not have a query (?) or a fragment (#)",
			   text);
		diag_hint(r->dl, "write only the address of the site's home page, ending with /");
		return;
	}
	size_t n = strlen(u.href);
	s->base_url = u.href[n - 1] == '/' ? u.href
					   : arena_printf(r->a, "%s/", u.href);
	/* the path begins with '/' (url.h), so it is never empty */
	n = strlen(u.path);
	s->base_path = u.path[n - 1] == '/' ? u.path
					    : arena_printf(r->a, "%s/", u.path);
}

/*
 * license: { name: CC BY 4.0, url: https://... }: the terms the open
 * data is published under (render/data.h), shown on the data page and
 * written into catalog.json.  The name is required; the address is
 * optional, and a link, so only http(s).
 */
static void
read_license(struct reader *r, struct site *s, const struct fm_node *m)
{
	read_text(r, m, "name", true, &s->license_name);
	const char *text;
	if (read_text(r, m, "url", false, &text)) {
		struct url u = { 0 };
		enum url_error err = read_url(r, read_pos(m, "url"), text,
					      URL_HTTP | URL_HTTPS, &u);
		if (err == URL_SCHEME || err == URL_RELATIVE) {
			diag_error(r->dl, read_pos(m, "url"), "url",
				   "license url must start with https:// (or http://)");
			diag_hint(r->dl, "write the whole address of the licence's text, as in https://creativecommons.org/licenses/by/4.0/");
		}
		if (!err)
			s->license_url = u.href;
	}
	static const char *const known[] = { "name", "url", NULL };
	read_warn_unknown(r, m, known);
}

/* The settings that give a text in each language, and what is said
 * of a language site.yaml does not list. */
static const struct per_language {
	const char *key, *error, *hint;
} per_language_keys[] = {
	{ "titles", DIAG_FORMAT("\"%s\" in titles is not one of languages"),
	  DIAG_FORMAT("add \"%s\" to languages, or delete its title") },
	{ "about", DIAG_FORMAT("\"%s\" in about is not one of languages"),
	  DIAG_FORMAT("add \"%s\" to languages, or delete its text") },
	{ "names", DIAG_FORMAT("\"%s\" in the publisher's names is not one of languages"),
	  DIAG_FORMAT("add \"%s\" to languages, or delete its name") },
};
enum { PER_TITLES, PER_ABOUT, PER_NAMES };

/*
 * key: { en: "...", ... }: a text in each language; a language not
 * given keeps what out[] holds.  Every key must be one of languages.
 */
static void
read_per_language(struct reader *r, const struct site *s,
		  const struct fm_node *m, int which, const char **out)
{
	const struct per_language *k = &per_language_keys[which];
	const struct fm_node *texts;
	if (!read_map(r, m, k->key, false, &texts))
		return;
	for (size_t i = 0; i < texts->n; i++) {
		const struct fm_pair *p = &texts->pairs[i];
		int li = site_lang_index(s, p->key->str);
		if (li < 0) {
			diag_error(r->dl, p->key->at, "languages",
				   DIAG_FORMAT(k->error), p->key->str);
			diag_hint(r->dl, DIAG_FORMAT(k->hint), p->key->str);
		} else {
			read_text(r, texts, p->key->str, false, &out[li]);
		}
	}
}

/*
 * about: { vi: "...", en: "..." }: what OCOP is and what the stars
 * mean, in the department's words, on the home page of each language.
 * A language without its own text shows none (the theme has one).
 */
static void
read_about(struct reader *r, struct site *s, const struct fm_node *root)
{
	read_per_language(r, s, root, PER_ABOUT, s->about);
}

/*
 * publisher: who publishes the catalog (the province's department),
 * shown in every page's footer: name (required), names in other
 * languages, address, phone, email; and its logo in the header.
 */
static void
read_publisher(struct reader *r, struct site *s, const struct fm_node *m)
{
	struct publisher *p = &s->publisher;
	if (!read_text(r, m, "name", true, &p->name))
		return;
	for (size_t k = 0; k < s->n_languages; k++)
		p->names[k] = p->name;
	read_per_language(r, s, m, PER_NAMES, p->names);
	if (read_text(r, m, "logo", false, &p->logo))
		p->logo_at = read_pos(m, "logo");
	read_text(r, m, "address", false, &p->address);
	read_text(r, m, "phone", false, &p->phone);
	if (read_text(r, m, "email", false, &p->email) &&
	    (!strchr(p->email, '@') || strpbrk(p->email, " <>\"'"))) {
		diag_error(r->dl, read_pos(m, "email"), "email",
			   "publisher email \"%s\" is not an email address",
			   p->email);
		diag_hint(r->dl, "write the address alone, as in ocop@sonnmt.hatinh.gov.vn");
		p->email = NULL;
	}
	static const char *const known[] = {
		"name", "names", "logo", "address", "phone", "email", NULL
	};
	read_warn_unknown(r, m, known);
}

int
site_read(struct site *s, const struct source_set *src, struct arena *a,
	  struct diag_list *dl)
{
	memset(s, 0, sizeof(*s));
	s->path = "site.yaml";
	s->title = "OCOP";
	s->base_url = "/";
	s->base_path = "/";
	s->language = "vi";
	s->theme = "default";
	s->certificate_months = 36;
	s->per_page = 24;
	s->search = true;
	s->history = true;

	const struct source *f = source_find(src, "site.yaml");
	if (!f) {
		diag_error(dl, (struct pos){ "site.yaml", 0, 0 }, "site",
			   "site.yaml not found: a catalog needs one at its top level");
		diag_hint(dl, "create site.yaml beside the content folder, with at least a line \"title: ...\"");
		return -1;
	}
	size_t errors = dl->errors;
	struct fm_node *root = NULL;
	if (fm_parse_yaml(&root, s->path, f->data, a, dl) < 0)
		return -1;
	if (!root) {
		diag_error(dl, (struct pos){ s->path, 1, 1 }, "required",
			   "site.yaml has no settings");
		diag_hint(dl, "write at least \"title: ...\", the name of the catalog");
		return -1;
	}
	if (root->kind != FM_MAP) {
		diag_error(dl, root->at, "type",
			   "site.yaml must be a mapping of settings");
		diag_hint(dl, "write one setting per line, as in \"title: ...\"");
		return -1;
	}
	struct reader r = { .a = a, .dl = dl, .site_yaml = true };

	read_text(&r, root, "title", true, &s->title);
	read_base_url(&r, s, root);
	read_text(&r, root, "language", false, &s->language);
	struct strlist langs = { 0 };
	struct pos *lang_at = NULL;
	if (read_codelist(&r, root, "languages", &langs, &lang_at) && langs.n) {
		if (langs.n > MODEL_MAX_LANGS) {
			diag_error(dl, read_pos(root, "languages"), "languages",
				   "at most %d languages are supported",
				   MODEL_MAX_LANGS);
			diag_hint(dl, "remove languages from the list until %d are left",
				  MODEL_MAX_LANGS);
		}
		for (size_t i = 0; i < langs.n && i < MODEL_MAX_LANGS; i++) {
			if (!read_is_slug(langs.v[i]) || strlen(langs.v[i]) > 8) {
				diag_error(dl, lang_at[i], "languages",
					   "\"%s\" is not a language code such as vi or en",
					   langs.v[i]);
				diag_hint(dl, "write the two-letter code of the language, in lowercase: vi, en, fr, zh...");
			}
			for (size_t j = 0; j < i; j++)
				if (!strcmp(langs.v[i], langs.v[j])) {
					diag_error(dl, lang_at[i], "languages",
						   "language \"%s\" is listed twice",
						   langs.v[i]);
					diag_hint(dl, "delete the second one");
				}
			s->languages[s->n_languages++] = langs.v[i];
		}
		if (fm_get(root, "language") && strcmp(s->language, s->languages[0])) {
			diag_error(dl, read_pos(root, "language"), "languages",
				   "language \"%s\" must be the first of languages (%s)",
				   s->language, s->languages[0]);
			diag_hint(dl, "put the default language first in languages, or delete the line language");
		}
		s->language = s->languages[0];
	} else {
		s->languages[0] = s->language;
		s->n_languages = 1;
	}
	/* titles: { en: "..." } gives the title in other languages */
	for (size_t k = 0; k < s->n_languages; k++)
		s->titles[k] = s->title;
	read_per_language(&r, s, root, PER_TITLES, s->titles);
	read_about(&r, s, root);
	const struct fm_node *pub;
	if (read_map(&r, root, "publisher", false, &pub))
		read_publisher(&r, s, pub);
	const struct fm_node *subgroups;
	if (read_map(&r, root, "subgroups", false, &subgroups))
		read_subgroups(&r, s, subgroups);
	read_text(&r, root, "province", false, &s->province);
	s->theme_at = (struct pos){ s->path, 0, 0 };
	if (read_text(&r, root, "theme", false, &s->theme))
		s->theme_at = read_pos(root, "theme");
	if (!read_is_slug(s->theme)) {
		diag_error(dl, read_pos(root, "theme"), "theme",
			   "theme \"%s\" is not a folder name of lowercase letters, digits and hyphens",
			   s->theme);
		diag_hint(dl, "write the name of a folder in themes/, or delete the line theme to use the built-in theme");
	}
	long v;
	if (read_long(&r, root, "certificate_months", false, &v)) {
		if (v < 1 || v > 240) {
			diag_error(dl, read_pos(root, "certificate_months"), "range",
				   "certificate_months must be between 1 and 240, found %ld", v);
			diag_hint(dl, "an OCOP certificate is valid for 36 months: write 36, or delete the line");
		} else
			s->certificate_months = (int)v;
	}
	if (read_long(&r, root, "per_page", false, &v)) {
		if (v < 1 || v > 1000) {
			diag_error(dl, read_pos(root, "per_page"), "range",
				   "per_page must be between 1 and 1000, found %ld", v);
			diag_hint(dl, "write how many products a list page shows, such as 24 (the default)");
		} else
			s->per_page = (int)v;
	}
	bool search;
	if (read_bool(&r, root, "search", &search))
		s->search = search;
	bool history;
	if (read_bool(&r, root, "history", &history))
		s->history = history;
	const struct fm_node *lic;
	if (read_map(&r, root, "license", false, &lic))
		read_license(&r, s, lic);
	const struct fm_node *plat;
	if (read_map(&r, root, "platforms", false, &plat))
		read_platforms(&r, s, plat);
	else
		use_default_platforms(s, a);

	static const char *const known[] = {
		"title", "titles", "base_url", "language", "languages", "province",
		"theme", "certificate_months", "per_page", "platforms",
		"subgroups", "license", "search", "history", "publisher",
		"about", NULL
	};
	read_warn_unknown(&r, root, known);
	return dl->errors > errors ? -1 : 0;
}

int
site_lang_index(const struct site *s, const char *code)
{
	for (size_t i = 0; i < s->n_languages; i++)
		if (!strcmp(s->languages[i], code))
			return (int)i;
	return -1;
}

const struct platform *
site_platform(const struct site *s, const char *key)
{
	for (size_t i = 0; i < s->n_platforms; i++)
		if (!strcmp(s->platforms[i].key, key))
			return &s->platforms[i];
	return NULL;
}

const struct subgroup_names *
site_subgroup(const struct site *s, const char *slug)
{
	for (size_t i = 0; i < s->n_subgroups; i++)
		if (!strcmp(s->subgroups[i].slug, slug))
			return &s->subgroups[i];
	return NULL;
}

bool
site_platform_has_host(const struct platform *p, const char *host)
{
	for (size_t i = 0; i < p->n_hosts; i++)
		if (url_host_matches(host, p->hosts[i]))
			return true;
	return false;
}
