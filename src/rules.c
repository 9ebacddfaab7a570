#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "default_rules.h"
#include "rules.h"
#include "util.h"

/* Deeper than any sensible layout; stops runaway includes via links. */
#define INCLUDE_DEPTH 16
/* A block whose end never comes stops after this many non-blank lines. */
#define BLOCK_LIMIT 40
#define BLOCK_LIMIT_MAX 100000

struct rule {
	struct ruleset *set;
	enum action action;
	size_t index;
	size_t category;
	const char *file;
	unsigned line;
	char *source;
	char *pattern;
	uint32_t opts;		/* PCRE2 compile options */
	pcre2_code *code;	/* NULL until first use, for a built-in rule */
	bool shared;		/* code is one of the set's precompiled ones */
	pcre2_code *end;
	enum block_end end_kind;
	unsigned block_lines;
};

/* A "set NAME VALUE" line, for the content detector to take. */
struct setting {
	char *name;
	char *value;
	char *where;		/* "file:line:col" of the value */
};

struct ruleset {
	struct setting *settings;
	size_t nsettings, settingcap;
	struct rule **rules;
	size_t n, cap;
	char **categories;
	size_t ncat, catcap;
	char **files;		/* names of every file loaded, for the rules */
	size_t nfiles, filecap;
	const char *stack[INCLUDE_DEPTH];	/* files being loaded */
	size_t depth;
	/* the built-in patterns, decoded on first need (see codes.h) */
	pcre2_code **precompiled;
	bool decoded;
	char err[1024];
};

/* What one file's parse needs to know. */
struct loader {
	struct ruleset *set;
	const char *file;	/* name as shown in messages */
	const char *dir;	/* includes resolve here; NULL: built-in */
	bool builtin;		/* one of the files carried in the binary */
	size_t category;
	unsigned lineno;
	const char *line;	/* start of the current line, for columns */
};

static void free_rule(struct rule *);
static int load_text(struct ruleset *, const char *, const char *, bool,
    const char *, size_t);

static const char *const action_names[] = {
	[ACTION_DROP] = "drop",
	[ACTION_CUT] = "cut",
	[ACTION_BLOCK] = "block",
	[ACTION_KEEP] = "keep",
	[ACTION_STRIP] = "strip",
	[ACTION_SECTION] = "section",
	[ACTION_TRAILER] = "trailer",
	[ACTION_HINT] = "hint",
};

const char *
action_name(enum action a)
{
	return action_names[a];
}

struct ruleset *
rules_new(void)
{
	return xcalloc(1, sizeof(struct ruleset));
}

void
rules_free(struct ruleset *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		free_rule(set->rules[i]);
	for (i = 0; i < set->nsettings; i++) {
		free(set->settings[i].name);
		free(set->settings[i].value);
		free(set->settings[i].where);
	}
	free(set->settings);
	for (i = 0; i < set->ncat; i++)
		free(set->categories[i]);
	for (i = 0; i < set->nfiles; i++)
		free(set->files[i]);
	if (set->precompiled != NULL)
		for (i = 0; i < default_code_count; i++)
			pcre2_code_free(set->precompiled[i]);
	free(set->precompiled);
	free(set->rules);
	free(set->categories);
	free(set->files);
	free(set);
}

/* The index of file in set's files, which it is one of. */
static size_t
file_index(const struct ruleset *set, const char *file)
{
	size_t i;

	for (i = 0; i + 1 < set->nfiles && set->files[i] != file; i++)
		;
	return i;
}

struct ruleset *
rules_clone(const struct ruleset *set)
{
	struct ruleset *c = rules_new();
	size_t i;

	c->nsettings = c->settingcap = set->nsettings;
	c->settings = xcalloc(set->nsettings ? set->nsettings : 1,
	    sizeof(*c->settings));
	for (i = 0; i < set->nsettings; i++) {
		c->settings[i].name = xstrdup(set->settings[i].name);
		c->settings[i].value = xstrdup(set->settings[i].value);
		c->settings[i].where = xstrdup(set->settings[i].where);
	}
	c->ncat = c->catcap = set->ncat;
	c->categories = xcalloc(set->ncat ? set->ncat : 1,
	    sizeof(*c->categories));
	for (i = 0; i < set->ncat; i++)
		c->categories[i] = xstrdup(set->categories[i]);
	c->nfiles = c->filecap = set->nfiles;
	c->files = xcalloc(set->nfiles ? set->nfiles : 1, sizeof(*c->files));
	for (i = 0; i < set->nfiles; i++)
		c->files[i] = xstrdup(set->files[i]);
	c->n = c->cap = set->n;
	c->rules = xcalloc(set->n ? set->n : 1, sizeof(*c->rules));
	for (i = 0; i < set->n; i++) {
		const struct rule *r = set->rules[i];
		struct rule *d = xmalloc(sizeof(*d));

		*d = *r;
		d->set = c;
		d->file = c->files[file_index(set, r->file)];
		d->source = xstrdup(r->source);
		d->pattern = xstrdup(r->pattern);
		/* a built-in pattern is decoded again, when first used; no
		 * copy keeps what JIT compiling gave the original */
		d->code = r->shared || r->code == NULL ? NULL :
		    pcre2_code_copy(r->code);
		d->shared = false;
		d->end = r->end != NULL ? pcre2_code_copy(r->end) : NULL;
		if ((r->code != NULL && !r->shared && d->code == NULL) ||
		    (r->end != NULL && d->end == NULL))
			errx(2, "out of memory");
		c->rules[i] = d;
	}
	memcpy(c->err, set->err, sizeof(c->err));
	return c;
}

const char *
rules_error(const struct ruleset *set)
{
	return set->err;
}

static int
fail(struct loader *ld, const char *at, const char *fmt, ...)
{
	struct ruleset *set = ld->set;
	char msg[sizeof(set->err)];
	va_list ap;
	size_t i, o;
	int n;

	n = snprintf(set->err, sizeof(set->err), "%s:%u:%zu: ", ld->file,
	    ld->lineno, (size_t)(at - ld->line) + 1);
	if (n < 0 || (size_t)n >= sizeof(set->err))
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/*
	 * The message quotes the rule file, which may hold any byte: a
	 * control character reaches the terminal as \xNN, not as itself.
	 */
	for (i = 0, o = (size_t)n; msg[i] != '\0' && o + 5 < sizeof(set->err);
	    i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(set->err + o, 5, "\\x%02x", c);
		else
			set->err[o++] = (char)c;
	}
	set->err[o] = '\0';
	return -1;
}

static size_t
category_id(struct ruleset *set, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < set->ncat; i++)
		if (strlen(set->categories[i]) == len &&
		    memcmp(set->categories[i], name, len) == 0)
			return i;
	grow(&set->categories, &set->catcap, set->ncat + 1,
	    sizeof(*set->categories));
	set->categories[set->ncat] = xstrndup(name, len);
	return set->ncat++;
}

static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Whether only white space or a comment is left. */
static bool
at_end(const char *p, const char *end)
{
	p = skip_space(p, end);
	return p == end || *p == '#';
}

static const char *
word_end(const char *p, const char *end)
{
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	return p;
}

/* parse_count of the word p[0, end). */
static unsigned long
count_in(const char *p, const char *end, unsigned long max)
{
	char buf[32];
	size_t n = end - p;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return parse_count(buf, max);
}

/*
 * The first '/' from p on that no backslash escapes, or NULL.  A slash is
 * escaped when an odd number of backslashes runs up to it: each pair is
 * one escaped backslash, whatever came before the run.  Found by memchr,
 * as a byte loop over the default rules' patterns was a tenth of a
 * one-page run.
 */
static const char *
closing_slash(const char *p, const char *end)
{
	const char *slash, *q;

	while ((slash = memchr(p, '/', end - p)) != NULL) {
		for (q = slash; q > p && q[-1] == '\\'; q--)
			;
		if ((slash - q) % 2 == 0)
			return slash;
		p = slash + 1;
	}
	return NULL;
}

/*
 * Parse "/pattern/flags" at *pp and compile it, unless it is a built-in
 * rule's (text and opts are then set, and the pattern is compiled on first
 * use: tools/gen_facts compiles every built-in pattern at build time, so it
 * cannot fail then, and a run that needs few rules compiles few).  The
 * pattern is given to PCRE2 as written: "\/" is an escaped slash to PCRE2
 * as well.  Returns -1 on error.
 */
static int
parse_pattern(struct loader *ld, const char **pp, const char *end,
    char **text, uint32_t *optsp, pcre2_code **codep)
{
	const char *p = *pp, *body, *close, *nul;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	pcre2_code *code;
	PCRE2_SIZE off;
	int errcode;

	if (p == end || *p != '/')
		return fail(ld, p, "expected a /pattern/");
	body = ++p;
	close = closing_slash(body, end);
	if (close == NULL)
		return fail(ld, body - 1, "pattern has no closing /");
	p = close + 1;
	for (; p < end && *p != ' ' && *p != '\t'; p++) {
		uint32_t flag;

		if (*p == 'i')
			flag = PCRE2_CASELESS;
		else if (*p == 'x')
			flag = PCRE2_EXTENDED;
		else
			return *p == '\0' ?
			    fail(ld, p, "unknown flag '\\x00' (known: i, x)") :
			    fail(ld, p, "unknown flag '%c' (known: i, x)", *p);
		if (opts & flag)
			return fail(ld, p, "flag '%c' given twice", *p);
		opts |= flag;
	}
	if (close == body)
		return fail(ld, body - 1, "empty pattern");
	/* the pattern is kept as a C string: it is read again by literal.c */
	if ((nul = memchr(body, '\0', close - body)) != NULL)
		return fail(ld, nul, "NUL byte in pattern");
	*optsp = opts;
	if (text != NULL)
		*text = xstrndup(body, close - body);
	*pp = p;
	*codep = NULL;
	if (ld->builtin && text != NULL)
		return 0;	/* built in: compiled on first use */
	code = pcre2_compile((PCRE2_SPTR)body, close - body, opts, &errcode,
	    &off, NULL);
	if (code == NULL) {
		PCRE2_UCHAR msg[256];

		if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", errcode);
		if (text != NULL) {
			free(*text);
			*text = NULL;
		}
		return fail(ld, body + off, "%s", (char *)msg);
	}
	*codep = code;
	return 0;
}

static struct rule *
new_rule(struct loader *ld, enum action a)
{
	struct rule *r = xcalloc(1, sizeof(*r));

	r->set = ld->set;
	r->action = a;
	r->category = ld->category;
	r->file = ld->file;
	r->line = ld->lineno;
	return r;
}

static void
free_rule(struct rule *r)
{
	if (!r->shared)
		pcre2_code_free(r->code);
	pcre2_code_free(r->end);
	free(r->source);
	free(r->pattern);
	free(r);
}

static void
add_rule(struct ruleset *set, struct rule *r)
{
	r->index = set->n;
	grow(&set->rules, &set->cap, set->n + 1, sizeof(*set->rules));
	set->rules[set->n++] = r;
}

/* "block START .. END [LIMIT]": END is /pattern/, "blank" or a count. */
static int
parse_block_end(struct loader *ld, struct rule *r, const char **pp,
    const char *end)
{
	const char *p = *pp;
	const char *w;
	unsigned long v;

	p = skip_space(p, end);
	if (end - p < 2 || p[0] != '.' || p[1] != '.')
		return fail(ld, p, "block needs '.. END' after its start");
	p = skip_space(p + 2, end);
	r->block_lines = BLOCK_LIMIT;
	if (p < end && *p == '/') {
		uint32_t opts;

		r->end_kind = BLOCK_END_PATTERN;
		if (parse_pattern(ld, &p, end, NULL, &opts, &r->end) < 0)
			return -1;
	} else {
		w = word_end(p, end);
		if (w - p == 5 && memcmp(p, "blank", 5) == 0)
			r->end_kind = BLOCK_END_BLANK;
		else if ((v = count_in(p, w, BLOCK_LIMIT_MAX)) != 0) {
			r->end_kind = BLOCK_END_COUNT;
			r->block_lines = v;
		} else
			return fail(ld, p, "block end must be /pattern/, "
			    "'blank' or a line count from 1 to %d",
			    BLOCK_LIMIT_MAX);
		p = w;
	}
	p = skip_space(p, end);
	if (r->end_kind != BLOCK_END_COUNT && !at_end(p, end)) {
		w = word_end(p, end);
		if ((v = count_in(p, w, BLOCK_LIMIT_MAX)) == 0)
			return fail(ld, p, "block limit must be a line count "
			    "from 1 to %d", BLOCK_LIMIT_MAX);
		r->block_lines = v;
		p = w;
	}
	*pp = p;
	return 0;
}

static int
load_path(struct ruleset *set, const char *path)
{
	char *text, *dir, *slash;
	size_t len;
	int rc;

	if (read_file(path, &text, &len, set->err, sizeof(set->err)) < 0)
		return -1;
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		slash[slash == dir ? 1 : 0] = '\0';
	else
		dir[0] = '\0';
	rc = load_text(set, path, dir, false, text, len);
	free(dir);
	free(text);
	return rc;
}

static int
include_file(struct loader *ld, const char *p, const char *end)
{
	struct ruleset *set = ld->set;
	const char *w = word_end(p, end);
	const struct embedded_file *f = NULL;
	char *path;
	size_t i;
	int rc;

	if (w == p)
		return fail(ld, p, "include needs a file name");
	if (!at_end(w, end))
		return fail(ld, w, "unexpected text after the file name");
	if (ld->dir == NULL) {
		/* built-in files include built-in files */
		for (f = default_rules; f->name != NULL; f++)
			if (strlen(f->name) == (size_t)(w - p) &&
			    memcmp(f->name, p, w - p) == 0)
				break;
		if (f->name == NULL)
			return fail(ld, p, "no built-in rule file %.*s",
			    (int)(w - p), p);
		path = xstrdup(f->name);
	} else if (*p == '/' || ld->dir[0] == '\0')
		path = xstrndup(p, w - p);
	else {
		size_t dl = strlen(ld->dir);

		path = xmalloc(dl + 1 + (w - p) + 1);
		memcpy(path, ld->dir, dl);
		path[dl] = '/';
		memcpy(path + dl + 1, p, w - p);
		path[dl + 1 + (w - p)] = '\0';
	}
	for (i = 0; i < set->depth; i++)
		if (strcmp(set->stack[i], path) == 0) {
			rc = fail(ld, p, "include cycle: %s is already being "
			    "loaded", path);
			free(path);
			return rc;
		}
	if (set->depth == INCLUDE_DEPTH) {
		free(path);
		return fail(ld, p, "includes nested more than %d deep",
		    INCLUDE_DEPTH);
	}
	if (f != NULL)
		rc = load_text(set, f->name, NULL, true, f->text,
		    strlen(f->text));
	else if ((rc = load_path(set, path)) < 0 &&
	    strncmp(set->err, path, strlen(path)) == 0 &&
	    strncmp(set->err + strlen(path), ": ", 2) == 0) {
		/* the file itself could not be read: say who wanted it */
		char inner[sizeof(set->err)];

		memcpy(inner, set->err, sizeof(inner));
		fail(ld, p, "cannot include %s", inner);
	}
	free(path);
	return rc;
}

static int
parse_set(struct loader *ld, const char *p, const char *end)
{
	struct ruleset *set = ld->set;
	const char *name = p, *ne = word_end(p, end), *value, *ve;
	struct setting *st;
	char where[512];

	if (ne == name)
		return fail(ld, p, "set needs a name and a value");
	value = skip_space(ne, end);
	ve = word_end(value, end);
	if (ve == value)
		return fail(ld, value, "set needs a value after the name");
	if (!at_end(ve, end))
		return fail(ld, skip_space(ve, end), "unexpected text after the "
		    "value");
	snprintf(where, sizeof(where), "%s:%u:%zu", ld->file, ld->lineno,
	    (size_t)(name - ld->line) + 1);
	grow(&set->settings, &set->settingcap, set->nsettings + 1,
	    sizeof(*set->settings));
	st = &set->settings[set->nsettings++];
	st->name = xstrndup(name, ne - name);
	st->value = xstrndup(value, ve - value);
	st->where = xstrdup(where);
	return 0;
}

static int
parse_line(struct loader *ld, const char *s, const char *end)
{
	const char *p = skip_space(s, end), *w;
	static const enum action actions[] = { ACTION_DROP, ACTION_CUT,
		ACTION_BLOCK, ACTION_KEEP, ACTION_STRIP, ACTION_SECTION,
		ACTION_TRAILER, ACTION_HINT };
	struct rule *r;
	size_t i;

	ld->line = s;
	if (at_end(p, end))
		return 0;
	if (*p == '[') {
		const char *name = ++p;

		while (p < end && (*p == '-' || *p == '_' || *p == '.' ||
		    (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')))
			p++;
		if (p == name || p == end || *p != ']')
			return fail(ld, p, "a category is [name], with letters, "
			    "digits, '-', '_' or '.'");
		ld->category = category_id(ld->set, name, p - name);
		if (!at_end(p + 1, end))
			return fail(ld, p + 1, "unexpected text after ]");
		return 0;
	}
	w = word_end(p, end);
	if (w - p == 7 && memcmp(p, "include", 7) == 0)
		return include_file(ld, skip_space(w, end), end);
	if (w - p == 3 && memcmp(p, "set", 3) == 0)
		return parse_set(ld, skip_space(w, end), end);
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		const char *name = action_names[actions[i]];

		if (strlen(name) == (size_t)(w - p) &&
		    memcmp(name, p, w - p) == 0)
			break;
	}
	if (i == sizeof(actions) / sizeof(actions[0])) {
		char known[128];
		size_t k = 0;

		/* from the table, so that the list names every action */
		for (i = 0; i < sizeof(actions) / sizeof(actions[0]) &&
		    k < sizeof(known); i++)
			k += (size_t)snprintf(known + k, sizeof(known) - k,
			    "%s, ", action_names[actions[i]]);
		return fail(ld, p, "unknown action '%.*s' (known: %sinclude, "
		    "set)", (int)(w - p), p, known);
	}
	if (w == end || (*w != ' ' && *w != '\t'))
		return fail(ld, w, "expected a /pattern/");
	r = new_rule(ld, actions[i]);
	s = p;
	p = skip_space(w, end);
	if (parse_pattern(ld, &p, end, &r->pattern, &r->opts, &r->code) < 0 ||
	    (r->action == ACTION_BLOCK && parse_block_end(ld, r, &p, end) < 0)) {
		free_rule(r);
		return -1;
	}
	if (!at_end(p, end)) {
		free_rule(r);
		return fail(ld, skip_space(p, end), "unexpected text after the "
		    "rule");
	}
	r->source = xstrndup(s, p - s);
	add_rule(ld->set, r);
	return 0;
}

static int
load_text(struct ruleset *set, const char *name, const char *dir,
    bool builtin, const char *text, size_t len)
{
	struct loader ld = { .set = set, .dir = dir, .builtin = builtin };
	const char *p = text, *end = text + len;
	const char *base = strrchr(name, '/');
	int rc = 0;

	grow(&set->files, &set->filecap, set->nfiles + 1, sizeof(*set->files));
	ld.file = set->files[set->nfiles++] = xstrdup(name);
	set->stack[set->depth++] = ld.file;

	/* Rules before any [category] take the file's name as theirs. */
	base = base ? base + 1 : name;
	ld.category = category_id(set, base, strcspn(base, "."));

	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', end - p);
		const char *e = nl ? nl : end;

		ld.lineno++;
		if (e > p && e[-1] == '\r')
			e--;
		rc = parse_line(&ld, p, e);
		p = nl ? nl + 1 : end;
	}
	set->depth--;
	return rc;
}

int
rules_load_file(struct ruleset *set, const char *path)
{
	return load_path(set, path);
}

int
rules_load_default(struct ruleset *set)
{
	const struct embedded_file *f = &default_rules[0];

	/* The first file is the entry point; it includes the others. */
	return load_text(set, f->name, NULL, true, f->text, strlen(f->text));
}

int
rules_load_text(struct ruleset *set, const char *name, const char *text,
    size_t len)
{
	return load_text(set, name, NULL, false, text, len);
}

size_t
rules_settings(const struct ruleset *set)
{
	return set->nsettings;
}

void
rules_setting_at(const struct ruleset *set, size_t i, const char **name,
    const char **value, const char **where)
{
	*name = set->settings[i].name;
	*value = set->settings[i].value;
	*where = set->settings[i].where;
}

size_t
rules_count(const struct ruleset *set)
{
	return set->n;
}

const struct rule *
rules_at(const struct ruleset *set, size_t i)
{
	return set->rules[i];
}

size_t
rules_categories(const struct ruleset *set)
{
	return set->ncat;
}

const char *
rules_category_name(const struct ruleset *set, size_t i)
{
	return set->categories[i];
}

enum action
rule_action(const struct rule *r)
{
	return r->action;
}

size_t
rule_index(const struct rule *r)
{
	return r->index;
}

size_t
rule_category(const struct rule *r)
{
	return r->category;
}

const char *
rule_category_name(const struct rule *r)
{
	return r->set->categories[r->category];
}

void
rule_name(const struct rule *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%s:%u", rule_category_name(r), rule_file(r),
	    rule_line(r));
}

const char *
rule_file(const struct rule *r)
{
	return r->file;
}

unsigned
rule_line(const struct rule *r)
{
	return r->line;
}

const char *
rule_source(const struct rule *r)
{
	return r->source;
}

const char *
rule_pattern(const struct rule *r)
{
	return r->pattern;
}

/*
 * The built-in pattern compiled at build time, or NULL: when the PCRE2
 * found at run time cannot read what the one at build time wrote, every
 * pattern is compiled as it is needed instead.
 */
static pcre2_code *
precompiled(struct ruleset *set, const char *pattern, uint32_t opts)
{
	struct code_key key = { pattern, opts };
	const struct code_key *k;

	if (!set->decoded) {
		set->decoded = true;
		set->precompiled = xcalloc(default_code_count ?
		    default_code_count : 1, sizeof(*set->precompiled));
		if (default_code_count == 0 ||
		    pcre2_serialize_decode(set->precompiled,
		    (int32_t)default_code_count, default_codes, NULL) !=
		    (int32_t)default_code_count) {
			free(set->precompiled);
			set->precompiled = NULL;
		}
	}
	if (set->precompiled == NULL ||
	    (k = bsearch(&key, default_code_keys, default_code_count,
	    sizeof(key), code_key_cmp)) == NULL)
		return NULL;
	return set->precompiled[k - default_code_keys];
}

pcre2_code *
rule_code(const struct rule *r)
{
	struct rule *w = (struct rule *)r;	/* compiled once, then kept */
	PCRE2_SIZE off;
	int errcode;

	if (r->code != NULL)
		return r->code;
	if ((w->code = precompiled(r->set, r->pattern, r->opts)) != NULL) {
		w->shared = true;
		return r->code;
	}
	w->code = pcre2_compile((PCRE2_SPTR)r->pattern, strlen(r->pattern),
	    r->opts, &errcode, &off, NULL);
	if (w->code == NULL) {
		/* a built-in pattern: tools/gen_facts has compiled it */
		fprintf(stderr, "%s:%u: built-in rule does not compile "
		    "(error %d)\n", r->file, r->line, errcode);
		abort();
	}
	return r->code;
}

bool
rule_extended(const struct rule *r)
{
	return (r->opts & PCRE2_EXTENDED) != 0;
}

pcre2_code *
rule_end_code(const struct rule *r)
{
	return r->end;
}

enum block_end
rule_block_end(const struct rule *r)
{
	return r->end_kind;
}

unsigned
rule_block_lines(const struct rule *r)
{
	return r->block_lines;
}
