#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cleaner.h"
#include "decode.h"
#include "jsonl.h"
#include "linetab.h"
#include "rules.h"
#include "util.h"
#include "writer.h"

struct jsonl {
	char *field;
	bool stats;
	const struct ruleset *set;
	struct cleaner *cleaner;
	struct writer *mem;
	struct writer *out;
	struct decoder *decoder;
	struct stats before;	/* the cleaner's counts before the record */
	size_t *before_cat;
};

struct jsonl *
jsonl_new(const struct jsonl_config *cf, const struct ruleset *set,
    struct cleaner *c, struct writer *mem, struct writer *out, char *err,
    size_t errsz)
{
	struct jsonl *j = xcalloc(1, sizeof(*j));

	j->decoder = decoder_new(cf->charset, cf->fallback, cf->invalid, true,
	    err, errsz);
	if (j->decoder == NULL) {
		free(j);
		return NULL;
	}
	j->field = xstrdup(cf->field);
	j->stats = cf->stats;
	j->set = set;
	j->cleaner = c;
	j->mem = mem;
	j->out = out;
	j->before_cat = xcalloc(cleaner_stats(c)->ncat, sizeof(size_t));
	return j;
}

void
jsonl_free(struct jsonl *j)
{
	if (j == NULL)
		return;
	decoder_free(j->decoder);
	free(j->before_cat);
	free(j->field);
	free(j);
}

static void
snapshot(struct jsonl *j)
{
	const struct stats *st = cleaner_stats(j->cleaner);

	j->before = *st;
	memcpy(j->before_cat, st->by_category, st->ncat * sizeof(size_t));
}

/* {"kept": N, "dropped": N, "dropped_by": {"share": N, ...}} */
static json_t *
record_stats(struct jsonl *j)
{
	const struct stats *st = cleaner_stats(j->cleaner);
	json_t *o = json_object(), *by = json_object();
	size_t i;

	json_object_set_new(o, "kept",
	    json_integer((json_int_t)(st->kept - j->before.kept)));
	json_object_set_new(o, "dropped",
	    json_integer((json_int_t)(st->dropped - j->before.dropped)));
	for (i = 0; i < st->ncat; i++) {
		size_t n = st->by_category[i] - j->before_cat[i];

		if (n > 0)
			json_object_set_new(by,
			    stats_category_name(j->set, st, i),
			    json_integer((json_int_t)n));
	}
	json_object_set_new(o, "dropped_by", by);
	return o;
}

static bool
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_blank_byte((unsigned char)s[i]))
			return false;
	return true;
}

static int
dump_out(const char *buf, size_t size, void *arg)
{
	writer_raw(arg, buf, size);
	return 0;
}

/*
 * A number as short as it can be written and still read back the same:
 * jansson writes every real with 17 digits, so 0.1 would come out as
 * 0.10000000000000001.  A real stays a real: 1.0, not 1.
 */
static void
dump_real(struct writer *w, double v)
{
	char b[40];
	int prec;

	for (prec = 15; prec < 17; prec++) {
		snprintf(b, sizeof(b), "%.*g", prec, v);
		if (strtod(b, NULL) == v)
			break;
	}
	if (prec == 17)
		snprintf(b, sizeof(b), "%.17g", v);
	if (strpbrk(b, ".eE") == NULL)
		strcat(b, ".0");
	writer_raw(w, b, strlen(b));
}

/* The value compact, in its own key order, with reals as they were. */
static void
dump(struct writer *w, json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	if (json_is_object(v)) {
		void *it;

		writer_raw(w, "{", 1);
		for (it = json_object_iter(v), i = 0; it != NULL;
		    it = json_object_iter_next(v, it), i++) {
			json_t *k;

			key = json_object_iter_key(it);
			if (i > 0)
				writer_raw(w, ",", 1);
			k = json_stringn(key, json_object_iter_key_len(it));
			json_dump_callback(k, dump_out, w, JSON_ENCODE_ANY);
			json_decref(k);
			writer_raw(w, ":", 1);
			dump(w, json_object_iter_value(it));
		}
		writer_raw(w, "}", 1);
	} else if (json_is_array(v)) {
		writer_raw(w, "[", 1);
		json_array_foreach(v, i, item) {
			if (i > 0)
				writer_raw(w, ",", 1);
			dump(w, item);
		}
		writer_raw(w, "]", 1);
	} else if (json_is_real(v))
		dump_real(w, json_real_value(v));
	else
		json_dump_callback(v, dump_out, w,
		    JSON_ENCODE_ANY | JSON_COMPACT);
}

int
jsonl_record(struct jsonl *j, const char *line, size_t len, char *err,
    size_t errsz)
{
	json_error_t je;
	json_t *obj, *val, *clean;
	const char *s, *text;
	size_t n, bad, tlen;

	if (blank(line, len))
		return 1;
	/* the record's bytes are read as any input is */
	if (decoder_feed(j->decoder, line, len, true, &s, &n, &bad) < 0) {
		snprintf(err, errsz, "offset %zu: not valid %s", bad,
		    decoder_charset(j->decoder));
		return -1;
	}
	obj = json_loadb(s, n, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &je);
	if (obj == NULL) {
		snprintf(err, errsz, "column %d: %s", je.column, je.text);
		return -1;
	}
	if (!json_is_object(obj)) {
		snprintf(err, errsz, "not a JSON object");
		json_decref(obj);
		return -1;
	}
	if ((val = json_object_get(obj, j->field)) == NULL ||
	    !json_is_string(val)) {
		snprintf(err, errsz, val == NULL ? "no \"%s\" field" :
		    "the \"%s\" field is not a string", j->field);
		json_decref(obj);
		return -1;
	}
	snapshot(j);
	cleaner_feed(j->cleaner, json_string_value(val), json_string_length(val),
	    true);
	text = writer_memory(j->mem, &tlen);
	if ((clean = json_stringn(text, tlen)) == NULL) {
		snprintf(err, errsz, "the cleaned \"%s\" is not UTF-8 (as "
		    "--invalid=keep may leave it)", j->field);
		json_decref(obj);
		return -1;
	}
	json_object_set_new(obj, j->field, clean);
	if (j->stats)
		json_object_set_new(obj, "newsclean", record_stats(j));
	dump(j->out, obj);
	writer_raw(j->out, "\n", 1);
	json_decref(obj);
	return 0;
}
