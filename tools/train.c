/*
 * tools/train: learns the content detector's model from labelled pages.
 *
 *   train fit [options] dir ...     write a model (model.h) to stdout
 *   train list [options] dir ...    the pages a fold holds, one a line
 *   train dump [options] dir ...    the features and labels, as TSV
 *
 * A dir holds pages as NAME.txt (the whole page as text) and NAME.gold (its
 * article).  Each page goes through the default rules and the detector's
 * own feature code (src/feat.c), as newsclean runs them, and each line the
 * detector judges is labelled from the gold (label.h).
 *
 *   -g          the gold texts are pages too, all article: what the
 *               detector must leave as it is
 *   -C n        each page cut to its article and n lines either side is
 *               a page too: a short page with some boilerplate
 *   -P x        a page's lines weigh its number of lines to the power -x
 *               (0: each line alike, 1: each page alike)
 *   -s file     the site of each page (NAME, a tab, the site), for folds;
 *               pages it does not name are their own site, less a
 *               trailing -N
 *   -k n -f i   folds: the pages of n folds by site but fold i (fit,
 *               dump), or fold i alone (list)
 *   -S n        deal the sites to the folds by seed n (0, the default:
 *               as always), another draw of the same sites
 *   -t n -d n -r x -l x -b n
 *               trees, their depth, learning rate, L2 weight, bins
 *   -F x        the share of the features each tree may ask about
 *   -w x -p x   the decoder's switch cost and threshold the model carries
 *   -c text     a comment line for the model's head (repeatable)
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleaner.h"
#include "detect.h"
#include "feat.h"
#include "gbdt.h"
#include "label.h"
#include "mix.h"
#include "linetab.h"
#include "rules.h"
#include "stoplist.h"
#include "util.h"
#include "writer.h"

struct page {
	char *name;		/* dir/NAME */
	char *text, *gold;
	size_t len, goldlen;
	unsigned fold;
};

struct config {
	bool golds;
	unsigned crop;		/* add pages cut to their article and so many
				 * lines either side */
	const char *sites;
	unsigned folds, fold;
	uint32_t seed;
	bool folded;
	struct gbdt_params gp;
	double switch_cost, threshold;
	const char **comments;
	size_t ncomments, commentcap;
};

/* The site of page NAME: from the sites file, or NAME less a "-N" end. */
static char *
site_of(const char *name, const char *sites)
{
	size_t n = strlen(name), k;

	if (sites != NULL) {
		const char *p = sites;

		while (*p != '\0') {
			const char *tab = strchr(p, '\t');
			const char *nl = strchr(p, '\n');

			if (nl == NULL)
				nl = p + strlen(p);
			if (tab != NULL && tab < nl && (size_t)(tab - p) == n &&
			    memcmp(p, name, n) == 0) {
				k = (size_t)(nl - tab - 1);
				/* a trailing ? marks a guess: the same site */
				if (k > 0 && tab[k] == '?')
					k--;
				return xstrndup(tab + 1, k);
			}
			p = *nl ? nl + 1 : nl;
		}
	}
	for (k = n; k > 0 && name[k - 1] >= '0' && name[k - 1] <= '9'; k--)
		;
	if (k < n && k > 1 && name[k - 1] == '-')
		n = k - 1;
	return xstrndup(name, n);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
slurp(const char *path, size_t *len)
{
	char *text, msg[512];

	if (read_file(path, &text, len, msg, sizeof(msg)) < 0)
		errx(2, "%s", msg);
	return text;
}

/*
 * A site's fold: its hash, which seed 0 takes as it is so that the folds
 * stay those of the figures already reported, and any other seed mixes
 * into the hash's bits before the fold is taken.
 */
static unsigned
fold_of(const char *site, const struct config *cf)
{
	uint64_t h = stoplist_hash_bytes(site, strlen(site));

	if (cf->seed != 0)
		h = mix64(h ^ (uint64_t)cf->seed * 0x9e3779b97f4a7c15u);
	return (unsigned)(h % cf->folds);
}

/* The pages of dir, in name order, each with its fold. */
static struct page *
read_dir(const char *dir, const struct config *cf, const char *sites,
    size_t *npages)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	struct page *pages;

	if (d == NULL)
		err(2, "%s", dir);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len <= 4 || strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		grow(&names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrndup(e->d_name, len - 4);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	pages = xcalloc(n + 1, sizeof(*pages));
	for (i = 0; i < n; i++) {
		char *site = site_of(names[i], sites);

		pages[i].fold = cf->folds > 0 ? fold_of(site, cf) : 0;
		free(site);
		snprintf(path, sizeof(path), "%s/%s.txt", dir, names[i]);
		pages[i].text = slurp(path, &pages[i].len);
		snprintf(path, sizeof(path), "%s/%s.gold", dir, names[i]);
		pages[i].gold = slurp(path, &pages[i].goldlen);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		pages[i].name = xstrdup(path);
		free(names[i]);
	}
	free(names);
	*npages = n;
	return pages;
}

/* The rules pass and features of a page, as newsclean's default mode. */
struct pipeline {
	struct ruleset *set;
	struct writer *w;
	struct cleaner *c;
	struct features *f;
	float *row;
};

static void
pipeline_init(struct pipeline *p)
{
	struct cleaner_config cf = { .sep = -1, .detect = false };
	char msg[256];

	p->set = rules_new();
	if (rules_load_default(p->set) < 0)
		errx(2, "%s", rules_error(p->set));
	p->w = writer_new(-1, WRITE_TEXT);
	p->c = cleaner_new(p->set, p->w, &cf, msg, sizeof(msg));
	if (p->c == NULL)
		errx(2, "%s", msg);
	p->f = features_new();
	p->row = xcalloc(features_width(), sizeof(*p->row));
}

static const struct linetab *
pipeline_run(struct pipeline *p, const char *name, const char *text,
    size_t len)
{
	size_t n;
	const struct linetab *t;

	if (cleaner_feed(p->c, text, len, true) < 0)
		errx(2, "%s: not valid text", name);
	(void)writer_memory(p->w, &n);
	t = cleaner_table(p->c);
	features_compute(p->f, t);
	return t;
}

static void
pipeline_free(struct pipeline *p)
{
	features_free(p->f);
	cleaner_free(p->c);
	writer_free(p->w);
	rules_free(p->set);
	free(p->row);
}

/* What a page gives to learn from: rows and labels, or dump lines. */
struct sink {
	FILE *dump;		/* or NULL: gather */
	float *x;
	uint8_t *y;
	float *w;
	size_t n, xcap, ycap, wcap;
	double page_weight;	/* a page's lines weigh n^-page_weight */
};

/* With gold NULL, every line of the page is its article. */
static void
add_page(struct pipeline *p, struct sink *s, const char *name,
    const char *text, size_t len, const char *gold, size_t goldlen)
{
	const struct linetab *t = pipeline_run(p, name, text, len);
	bool *content = xcalloc(t->n + 1, sizeof(*content));
	size_t i, k, d = features_width(), rows = 0;

	if (gold != NULL)
		label_lines(t, gold, goldlen, content);
	else
		for (i = 0; i < t->n; i++)
			content[i] = true;
	for (i = 0; i < t->n; i++) {
		const struct line *l = &t->lines[i];
		const struct rule *r = l->rule;
		bool judged = detector_judges(l);

		/* the model learns on the lines the detector judges */
		if ((s->dump == NULL && !judged) ||
		    !features_row(p->f, i, p->row))
			continue;
		if (s->dump != NULL) {
			fprintf(s->dump, "%s\t%zu\t%d\t%d\t%s%s%s", name, i,
			    judged, content[i], l->verdict == VERDICT_DROP &&
			    r != NULL ? rule_category_name(r) : "-",
			    r != NULL && rule_action(r) != ACTION_DROP ? "/" :
			    "", r != NULL && rule_action(r) != ACTION_DROP ?
			    action_name(rule_action(r)) : "");
			for (k = 0; k < d; k++)
				fprintf(s->dump, "\t%.6g", (double)p->row[k]);
			fputc('\n', s->dump);
			continue;
		}
		grow(&s->x, &s->xcap, (s->n + 1) * d, sizeof(*s->x));
		grow(&s->y, &s->ycap, s->n + 1, sizeof(*s->y));
		grow(&s->w, &s->wcap, s->n + 1, sizeof(*s->w));
		memcpy(s->x + s->n * d, p->row, d * sizeof(*s->x));
		s->y[s->n++] = content[i];
		rows++;
	}
	/* the page's rows weigh alike, and pages by their size */
	for (i = s->n - rows; i < s->n; i++)
		s->w[i] = (float)pow((double)rows, -s->page_weight);
	free(content);
}

/*
 * The page cut down to its article and crop lines either side: what a
 * short page with some boilerplate looks like, which whole pages alone
 * would not teach (every short page among them would be a gold text).
 */
static void
add_cropped(struct pipeline *p, struct sink *s, const struct page *pg,
    unsigned crop)
{
	const struct linetab *t = pipeline_run(p, pg->name, pg->text, pg->len);
	bool *content = xcalloc(t->n + 1, sizeof(*content));
	size_t i, first = t->n, last = 0, a, b;
	char name[4200], *text;

	label_lines(t, pg->gold, pg->goldlen, content);
	for (i = 0; i < t->n; i++)
		if (content[i]) {
			if (first == t->n)
				first = i;
			last = i;
		}
	free(content);
	if (first == t->n)
		return;
	a = first > crop ? first - crop : 0;
	b = last + crop + 1 < t->n ? last + crop + 1 : t->n;
	if (a == 0 && b == t->n)
		return;
	/* the lines point into the page's text, one after another */
	text = xstrndup(t->lines[a].text, (size_t)(t->lines[b - 1].text +
	    t->lines[b - 1].len - t->lines[a].text));
	snprintf(name, sizeof(name), "%s.crop", pg->name);
	add_page(p, s, name, text, strlen(text), pg->gold, pg->goldlen);
	free(text);
}

/* Every page of the dirs that the fold options take. */
static void
gather(struct config *cf, char **dirs, int ndirs, struct sink *s,
    FILE *names, size_t *npages)
{
	struct pipeline p;
	char *sites = NULL;
	int k;

	if (cf->sites != NULL) {
		size_t len;

		sites = slurp(cf->sites, &len);
		sites = xrealloc(sites, len + 1);
		sites[len] = '\0';
	}
	if (names == NULL)
		pipeline_init(&p);
	*npages = 0;
	for (k = 0; k < ndirs; k++) {
		size_t n, i;
		struct page *pages = read_dir(dirs[k], cf, sites, &n);

		for (i = 0; i < n; i++) {
			struct page *pg = &pages[i];
			bool in = !cf->folded || (names != NULL ?
			    pg->fold == cf->fold : pg->fold != cf->fold);

			if (in && names != NULL)
				fprintf(names, "%s\n", pg->name);
			else if (in) {
				char name[4200];

				add_page(&p, s, pg->name, pg->text, pg->len,
				    pg->gold, pg->goldlen);
				if (cf->crop > 0)
					add_cropped(&p, s, pg, cf->crop);
				if (cf->golds) {
					snprintf(name, sizeof(name), "%s.gold",
					    pg->name);
					add_page(&p, s, name, pg->gold,
					    pg->goldlen, NULL, 0);
				}
			}
			*npages += in;
			free(pg->name);
			free(pg->text);
			free(pg->gold);
		}
		free(pages);
	}
	if (names == NULL)
		pipeline_free(&p);
	free(sites);
}

static void
write_model(const struct config *cf, const struct gbdt *m, char **dirs,
    int ndirs, size_t npages, size_t nrows)
{
	size_t c, t;
	int k;
	unsigned l;

	printf("# newsclean content model: %zu oblivious trees of depth %u "
	    "over the line\n# features of src/feat.c, made by tools/train "
	    "(make model).\n", m->ntrees, m->depth);
	printf("# trained on %zu pages (%zu lines) of:", npages, nrows);
	for (k = 0; k < ndirs; k++)
		printf(" %s", dirs[k]);
	printf("%s\n", cf->golds ? ", and their gold texts as pages" : "");
	if (cf->folded) {
		printf("# all but fold %u of %u, by site", cf->fold,
		    cf->folds);
		if (cf->seed != 0)
			printf(" (seed %u)", (unsigned)cf->seed);
		printf("\n");
	}
	printf("# trees %u, depth %u, rate %g, l2 %g, bins %u",
	    cf->gp.trees, cf->gp.depth, cf->gp.rate, cf->gp.l2, cf->gp.bins);
	if (cf->gp.features < 1)
		printf(", features %g", cf->gp.features);
	printf("\n");
	for (c = 0; c < cf->ncomments; c++)
		printf("# %s\n", cf->comments[c]);
	printf("newsclean-model 1\nbias %.9g\nswitch %g\nthreshold %g\n",
	    m->bias, cf->switch_cost, cf->threshold);
	for (t = 0; t < m->ntrees; t++) {
		const struct gbdt_tree *tr = &m->tree[t];

		printf("tree");
		for (l = 0; l < m->depth; l++)
			printf(" %s %.9g", features_name(tr->feature[l]),
			    (double)tr->threshold[l]);
		printf(" :");
		for (c = 0; c < (size_t)1 << m->depth; c++)
			printf(" %.6g", tr->leaf[c]);
		printf("\n");
	}
}

static double
number(const char *s, double lo, double hi, int opt)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi)
		errx(2, "-%c takes a number from %g to %g", opt, lo, hi);
	return v;
}

static void
usage(void)
{
	fprintf(stderr, "usage: train fit|list|dump [-g] [-C lines] [-P power] [-s sites] "
	    "[-k folds -f fold [-S seed]]\n"
	    "             [-t trees] [-d depth] [-r rate] [-l l2] "
	    "[-b bins] [-F share] [-w switch]\n"
	    "             [-p threshold] [-c comment] dir ...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct config cf = {
		.gp = { .trees = 100, .depth = 5, .rate = 0.15, .l2 = 1,
		    .bins = 64, .features = 1 },
		.switch_cost = 1,
		.threshold = 0.4,
	};
	struct sink s = { 0 };
	const char *mode;
	size_t npages;
	int c;

	if (argc < 2)
		usage();
	mode = argv[1];
	argc--;
	argv++;
	while ((c = getopt(argc, argv, "gC:P:s:k:f:S:t:d:r:l:b:F:w:p:c:")) != -1)
		switch (c) {
		case 'g':
			cf.golds = true;
			break;
		case 'C':
			cf.crop = (unsigned)number(optarg, 0, 1000, c);
			break;
		case 'P':
			s.page_weight = number(optarg, 0, 1, c);
			break;
		case 's':
			cf.sites = optarg;
			break;
		case 'k':
			cf.folds = (unsigned)number(optarg, 2, 100, c);
			break;
		case 'f':
			cf.fold = (unsigned)number(optarg, 0, 99, c);
			cf.folded = true;
			break;
		case 'S':
			cf.seed = (uint32_t)number(optarg, 0, 4294967295.0, c);
			break;
		case 't':
			cf.gp.trees = (unsigned)number(optarg, 1, 10000, c);
			break;
		case 'd':
			cf.gp.depth = (unsigned)number(optarg, 1,
			    GBDT_MAX_DEPTH, c);
			break;
		case 'r':
			cf.gp.rate = number(optarg, 1e-4, 1, c);
			break;
		case 'l':
			cf.gp.l2 = number(optarg, 0, 1e6, c);
			break;
		case 'b':
			cf.gp.bins = (unsigned)number(optarg, 2, 256, c);
			break;
		case 'F':
			cf.gp.features = number(optarg, 0.01, 1, c);
			break;
		case 'w':
			cf.switch_cost = number(optarg, 0, 100, c);
			break;
		case 'p':
			cf.threshold = number(optarg, 0.001, 0.999, c);
			break;
		case 'c':
			grow(&cf.comments, &cf.commentcap, cf.ncomments + 1,
			    sizeof(*cf.comments));
			cf.comments[cf.ncomments++] = optarg;
			break;
		default:
			usage();
		}
	if (optind >= argc || (cf.folded && cf.folds == 0) ||
	    (cf.folded && cf.fold >= cf.folds))
		usage();
	if (strcmp(mode, "list") == 0)
		gather(&cf, argv + optind, argc - optind, &s, stdout, &npages);
	else if (strcmp(mode, "dump") == 0) {
		size_t k;

		s.dump = stdout;
		printf("page\tline\tjudged\tlabel\tcategory");
		for (k = 0; k < features_width(); k++)
			printf("\t%s", features_name(k));
		putchar('\n');
		gather(&cf, argv + optind, argc - optind, &s, NULL, &npages);
	} else if (strcmp(mode, "fit") == 0) {
		struct gbdt *m;

		gather(&cf, argv + optind, argc - optind, &s, NULL, &npages);
		if (s.n == 0)
			errx(2, "no lines to learn from");
		/* weights that average to 1 */
		double sum = 0;
		size_t i;

		for (i = 0; i < s.n; i++)
			sum += s.w[i];
		for (i = 0; i < s.n; i++)
			s.w[i] = (float)(s.w[i] * (double)s.n / sum);
		m = gbdt_train(s.x, s.n, features_width(), s.y, s.w, &cf.gp,
		    getenv("TRAIN_VERBOSE") != NULL);
		write_model(&cf, m, argv + optind, argc - optind, npages, s.n);
		gbdt_free(m);
	} else
		usage();
	free(s.x);
	free(s.y);
	free(s.w);
	free(cf.comments);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(2, "stdout");
	return 0;
}
