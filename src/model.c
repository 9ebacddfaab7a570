/*
 * The content model: parsing its text, scoring a row, writing it as C.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "default_model.h"
#include "feat.h"
#include "model.h"
#include "util.h"

#define MAX_DEPTH 12

void
model_free(struct model *m)
{
	if (m == NULL || !m->owned)
		return;
	free((void *)m->feature);
	free((void *)m->threshold_at);
	free((void *)m->leaf);
	free((void *)m->used);
	free(m);
}

struct model *
model_load(const char *path, char *err, size_t errsz)
{
	struct model *m;
	char *text, msg[256];
	size_t len;

	if (read_file(path, &text, &len, err, errsz) < 0)
		return NULL;
	m = model_parse(text, len, msg, sizeof(msg));
	free(text);
	if (m == NULL)
		snprintf(err, errsz, "%s: %s", path, msg);
	return m;
}

double
model_score(const struct model *m, const float *row)
{
	float s = (float)m->bias;
	size_t t, q;
	unsigned l;

	for (t = 0, q = 0; t < m->ntrees; t++) {
		size_t at = 0;

		for (l = 0; l < m->depth; l++, q++)
			at |= (size_t)(row[m->feature[q]] >=
			    m->threshold_at[q]) << l;
		s += m->leaf[(t << m->depth) + at];
	}
	return s;
}

/* The features the trees ask of (see default_model.h). */
static void
index_used(struct model *m)
{
	size_t nf = features_width(), n = m->ntrees * m->depth, i, k;
	bool *asked = xcalloc(nf + 1, sizeof(*asked));
	uint16_t *used = xcalloc(nf + 1, sizeof(*used));

	for (i = 0; i < n; i++)
		asked[m->feature[i]] = true;
	m->nused = 0;
	for (k = 0; k < nf; k++)
		if (asked[k])
			used[m->nused++] = (uint16_t)k;
	free(asked);
	m->used = used;
}

const uint16_t *
model_features(const struct model *m, size_t *n)
{
	*n = m->nused;
	return m->used;
}

double
model_switch(const struct model *m)
{
	return m->switch_cost;
}

double
model_threshold(const struct model *m)
{
	return m->threshold;
}

/* A model as it is read, before its arrays are final. */
struct reading {
	double params[3];
	bool have[3];
	size_t ntrees;
	unsigned depth;
	uint16_t *feature;
	float *threshold_at, *leaf;
	size_t fcap, tcap, lcap;
};

/* The number at *p, strictly: followed by white space, a colon or the end. */
static int
number(const char **p, double *v)
{
	char *end;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	errno = 0;
	*v = strtod(*p, &end);
	if (end == *p || errno != 0 || !isfinite(*v) ||
	    (*end != ' ' && *end != '\t' && *end != '\0' && *end != ':'))
		return -1;
	*p = end;
	return 0;
}

/* The feature named at *p, as its index, or -1. */
static int
feature(const char **p)
{
	size_t len, k;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	len = strcspn(*p, " \t:");
	for (k = 0; features_name(k) != NULL; k++)
		if (strlen(features_name(k)) == len &&
		    memcmp(features_name(k), *p, len) == 0) {
			*p += len;
			return (int)k;
		}
	return -1;
}

static int
parse_tree(struct reading *r, const char *p, char *msg, size_t msgsz)
{
	unsigned depth = 0, l;
	size_t nleaves, k;
	uint16_t f[MAX_DEPTH];
	float th[MAX_DEPTH];
	double v;

	for (;;) {
		int i;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == ':')
			break;
		if (depth == MAX_DEPTH) {
			snprintf(msg, msgsz, "a tree of more than %d levels",
			    MAX_DEPTH);
			return -1;
		}
		if ((i = feature(&p)) < 0) {
			snprintf(msg, msgsz, "unknown feature %.*s",
			    (int)strcspn(p, " \t:"), p);
			return -1;
		}
		if (number(&p, &v) < 0) {
			snprintf(msg, msgsz, "a feature needs a threshold");
			return -1;
		}
		f[depth] = (uint16_t)i;
		th[depth++] = (float)v;
	}
	if (r->ntrees == MODEL_MAX_TREES) {
		snprintf(msg, msgsz, "more than %d trees", MODEL_MAX_TREES);
		return -1;
	}
	if (r->ntrees > 0 && depth != r->depth) {
		snprintf(msg, msgsz, "trees of %u and %u levels", r->depth,
		    depth);
		return -1;
	}
	r->depth = depth;
	p++;
	nleaves = (size_t)1 << depth;
	grow(&r->feature, &r->fcap, (r->ntrees + 1) * depth + 1,
	    sizeof(*r->feature));
	grow(&r->threshold_at, &r->tcap, (r->ntrees + 1) * depth + 1,
	    sizeof(*r->threshold_at));
	grow(&r->leaf, &r->lcap, (r->ntrees + 1) * nleaves,
	    sizeof(*r->leaf));
	for (l = 0; l < depth; l++) {
		r->feature[r->ntrees * depth + l] = f[l];
		r->threshold_at[r->ntrees * depth + l] = th[l];
	}
	for (k = 0; k < nleaves; k++) {
		if (number(&p, &v) < 0) {
			snprintf(msg, msgsz, "a tree of %u levels needs %zu "
			    "leaves", depth, nleaves);
			return -1;
		}
		r->leaf[r->ntrees * nleaves + k] = (float)v;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0') {
		snprintf(msg, msgsz, "a tree of %u levels has %zu leaves",
		    depth, nleaves);
		return -1;
	}
	r->ntrees++;
	return 0;
}

static int
parse_line(struct reading *r, const char *line, char *msg, size_t msgsz)
{
	static const char *const names[] = { "bias", "switch", "threshold" };
	size_t len = strcspn(line, " \t"), k;
	const char *p = line + len;

	for (k = 0; k < 3; k++)
		if (strlen(names[k]) == len && memcmp(line, names[k], len) ==
		    0) {
			if (number(&p, &r->params[k]) < 0 ||
			    p[strspn(p, " \t")] != '\0') {
				snprintf(msg, msgsz, "%s takes a number",
				    names[k]);
				return -1;
			}
			r->have[k] = true;
			return 0;
		}
	if (len == 4 && memcmp(line, "tree", 4) == 0)
		return parse_tree(r, p, msg, msgsz);
	snprintf(msg, msgsz, "unknown keyword %.*s", (int)len, line);
	return -1;
}

static void
reading_free(struct reading *r)
{
	free(r->feature);
	free(r->threshold_at);
	free(r->leaf);
}

struct model *
model_parse(const char *text, size_t len, char *err, size_t errsz)
{
	struct reading r;
	const char *p = text, *end = text + len;
	size_t lineno = 0, k;
	bool magic = false, ok = true;
	struct model *m;
	char msg[200];

	memset(&r, 0, sizeof(r));
	while (p < end && ok) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		bool nul = memchr(p, '\0', n) != NULL;
		char *line = xstrndup(p, n);

		lineno++;
		p += n + (nl != NULL);
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if (nul) {
			snprintf(msg, sizeof(msg), "a NUL byte");
			ok = false;
		} else if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
			;
		else if (!magic) {
			magic = strcmp(line, "newsclean-model 1") == 0;
			if (!magic) {
				snprintf(msg, sizeof(msg),
				    "not a newsclean-model 1 file");
				ok = false;
			}
		} else if (parse_line(&r, line, msg, sizeof(msg)) < 0)
			ok = false;
		free(line);
	}
	if (ok && !magic) {
		snprintf(msg, sizeof(msg), "not a newsclean-model 1 file");
		ok = false;
		lineno = lineno > 0 ? lineno : 1;
	}
	for (k = 0; ok && k < 3; k++)
		if (!r.have[k]) {
			snprintf(msg, sizeof(msg), "no %s line",
			    k == 0 ? "bias" : k == 1 ? "switch" : "threshold");
			ok = false;
		}
	if (ok && (r.params[1] < 0 || !(r.params[2] > 0 &&
	    r.params[2] < 1))) {
		snprintf(msg, sizeof(msg),
		    "switch must be at least 0, threshold between 0 and 1");
		ok = false;
	}
	if (!ok) {
		snprintf(err, errsz, "line %zu: %s", lineno, msg);
		reading_free(&r);
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	m->bias = r.params[0];
	m->switch_cost = r.params[1];
	m->threshold = r.params[2];
	m->ntrees = r.ntrees;
	m->depth = r.depth;
	m->feature = r.feature ? r.feature : xcalloc(1, sizeof(uint16_t));
	m->threshold_at = r.threshold_at ? r.threshold_at :
	    xcalloc(1, sizeof(float));
	m->leaf = r.leaf ? r.leaf : xcalloc(1, sizeof(float));
	m->owned = true;
	index_used(m);
	return m;
}

int
model_write_c(const struct model *m, FILE *fp)
{
	size_t k, n = m->ntrees * m->depth;

	fprintf(fp, "/* Generated from rules/content.model by tools/gen_model:"
	    " do not edit. */\n#include \"default_model.h\"\n"
	    "#include \"model.h\"\n\n");
	fprintf(fp, "static const uint16_t feature[] = {");
	for (k = 0; k < n; k++)
		fprintf(fp, "%s%u,", k % 12 ? " " : "\n\t", m->feature[k]);
	fprintf(fp, "\n\t0\n};\n\nstatic const float threshold_at[] = {");
	for (k = 0; k < n; k++)
		fprintf(fp, "%s%.9g,", k % 6 ? " " : "\n\t",
		    (double)m->threshold_at[k]);
	fprintf(fp, "\n\t0\n};\n\nstatic const float leaf[] = {");
	for (k = 0; k < m->ntrees << m->depth; k++)
		fprintf(fp, "%s%.9g,", k % 6 ? " " : "\n\t",
		    (double)m->leaf[k]);
	fprintf(fp, "\n\t0\n};\n\nstatic const uint16_t used[] = {");
	for (k = 0; k < m->nused; k++)
		fprintf(fp, "%s%u,", k % 12 ? " " : "\n\t", m->used[k]);
	fprintf(fp, "\n\t0\n};\n\nstatic const struct model builtin = {\n"
	    "\t.bias = %.17g,\n\t.switch_cost = %.17g,\n"
	    "\t.threshold = %.17g,\n\t.ntrees = %zu,\n\t.depth = %u,\n"
	    "\t.feature = feature,\n\t.threshold_at = threshold_at,\n"
	    "\t.leaf = leaf,\n"
	    "\t.used = used,\n\t.nused = %zu,\n};\n\n"
	    "const struct model *\nmodel_default(void)\n"
	    "{\n\treturn &builtin;\n}\n", m->bias, m->switch_cost, m->threshold,
	    m->ntrees, m->depth, m->nused);
	return fflush(fp) == EOF || ferror(fp) ? -1 : 0;
}
