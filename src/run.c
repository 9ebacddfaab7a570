#define _GNU_SOURCE	/* memrchr */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleaner.h"
#include "jobs.h"
#include "jsonl.h"
#include "linetab.h"
#include "options.h"
#include "outfile.h"
#include "reader.h"
#include "rules.h"
#include "run.h"
#include "util.h"
#include "writer.h"

/* In flight at once: items per thread, and bytes of input. */
#define ITEMS_PER_THREAD 2
#define ITEMS_MORE 4
#define BYTES_IN_FLIGHT (64 * 1024 * 1024)
/* A thread's cleaner is made anew after a batch longer than this. */
#define RENEW_MIN (16 * 1024 * 1024)
/*
 * The detector judges a document of up to this many bytes whole, and a
 * longer one in pieces of the whole lines in each next DOC_PIECE bytes
 * (reader.h), each as a page of its own: the memory a document takes
 * stays bounded, and no page of the web is that long.
 */
#define DOC_PIECE (8 * 1024 * 1024)

/*
 * A message for standard error, kept until its item is finished: its text
 * (without the program's name), the errno it ends with (0: none), and for
 * a rule's warning the rule (its index + 1), said once a run.
 */
struct msg {
	char *text;
	int errnum;
	size_t rule;
};

struct msgs {
	struct msg *v;
	size_t n, cap;
};

/*
 * Blocks of READER_BLOCK bytes, which batches are read into and written
 * to, kept for the next batches once finished: new memory costs a page
 * fault a page.  Any thread takes and gives them.
 */
struct pool {
	pthread_mutex_t lock;
	char **v;
	size_t n, cap, max;
};

/* An input, from the item that begins it to the one that ends it. */
struct input {
	int index;		/* of the file named, -1: standard input */
	const char *name;	/* in messages */
	int fd;
	int rc;			/* the exit status its start earned */
	/* -o and -i: the file it is written to, opened when it begins */
	bool to_file;
	char *path;
	const char *shown;	/* its name in messages about writing */
	mode_t mode;
	bool make_dirs;
	bool owner;		/* -i: keep the owner, uid and gid */
	uid_t uid;
	gid_t gid;
	struct outfile of;
	bool opened;
	/* as its items are finished */
	bool dead;		/* not cleaned after all: its items go */
	atomic_bool over;	/* ended early: its later items go */
	int result;		/* -1: it was not cleaned to its end */
	size_t replaced;
};

enum item_kind {
	ITEM_BEGIN,	/* an input's start: what opening it said */
	ITEM_BATCH,	/* whole records, or a piece of one */
	ITEM_END,	/* an input's end: what reading it said */
};

struct item {
	struct job job;
	enum item_kind kind;
	struct input *in;
	struct msgs msgs;
	/* a batch: text[0, len), split at the separator (see reader.h) */
	char *block;		/* what text is in, when the item holds it */
	size_t blockcap;
	const char *text;
	size_t len;
	bool cont, doc_end;
	bool quiet;		/* after a read error: failures go unsaid */
	unsigned long long offset;	/* of text, in the input */
	unsigned long long doc_offset;	/* where its first document began */
	unsigned long long lineno;	/* JSON Lines: lines before it */
	/* what cleaning it gave */
	bool direct;		/* its output is written already */
	char *out;
	size_t outlen, outcap;
	size_t lines, kept, dropped;
	size_t *by_category;
	size_t replaced;
	bool failed;		/* a document failed: its input stops here */
	bool bad;		/* a bad record, with --on-bad-record=fail */
	/* the end: -1 when the input was not read to its end */
	int result;
};

/* A cleaner and what it writes to: a thread's, or the caller's. */
struct lane {
	struct run *run;
	struct ruleset *set;	/* a copy of its own, or NULL */
	const struct ruleset *rules;	/* the one it uses */
	struct cleaner *c;
	struct writer *mem;	/* JSON Lines: the field's clean text */
	struct writer *out;	/* the run's writer, or memory */
	struct jsonl *j;
	bool direct;		/* out is the run's writer */
	struct item *cur;	/* the item at work: where warnings go */
	size_t *cat_before;
};

struct run {
	const struct options *o;
	const struct ruleset *set;
	struct cleaner_config cf;
	int sep;
	mode_t umask;
	struct writer *w;	/* standard output, or the -o/-i file */
	struct reader *rd;
	struct outfile_inputs *inputs;
	struct jobs *jobs;
	struct lane *lane;	/* the caller's: writes to w */
	struct lane *reading;	/* the reader's, with threads: to memory */
	sigset_t hold;
	size_t ncat;
	struct pool pool;
	/* as items are finished */
	struct stats stats;
	bool *warned;		/* rules whose warning is out */
	bool bad_records;
	int status;
	atomic_bool stopped;	/* standard output failed: no more */
	bool barrier;		/* the next input waits for all before it */
};

static void
msg_add(struct msgs *m, int errnum, size_t rule, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	grow(&m->v, &m->cap, m->n + 1, sizeof(*m->v));
	m->v[m->n].text = xstrdup(buf);
	m->v[m->n].errnum = errnum;
	m->v[m->n].rule = rule;
	m->n++;
}

/* As warn(3) would say it now. */
#define say_errno(m, ...) msg_add((m), errno, 0, __VA_ARGS__)
#define say(m, ...) msg_add((m), 0, 0, __VA_ARGS__)

static void
msgs_free(struct msgs *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].text);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Out on standard error, a rule's warning once a run. */
static void
msgs_emit(struct run *r, const struct msgs *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct msg *g = &m->v[i];

		if (g->rule > 0) {
			if (r->warned[g->rule - 1])
				continue;
			r->warned[g->rule - 1] = true;
		}
		if (g->errnum != 0) {
			errno = g->errnum;
			warn("%s", g->text);
		} else
			warnx("%s", g->text);
	}
}

static void
warn_rule(void *arg, const struct rule *rule, const char *why)
{
	struct lane *l = arg;
	char msg[512];

	match_warning(rule, why, msg, sizeof(msg));
	if (l->cur != NULL)
		msg_add(&l->cur->msgs, 0, rule_index(rule) + 1, "%s", msg);
	else
		warnx("%s", msg);
}

static void
lane_free(struct lane *l)
{
	if (l == NULL)
		return;
	jsonl_free(l->j);
	cleaner_free(l->c);
	writer_free(l->mem);
	if (!l->direct)
		writer_free(l->out);
	rules_free(l->set);
	free(l->cat_before);
	free(l);
}

/* The lane's cleaner (and JSON Lines reader); -1 with a message in err. */
static int
lane_cleaner(struct lane *l, const struct ruleset *set, char *err,
    size_t errsz)
{
	const struct options *o = l->run->o;
	struct cleaner_config cf = l->run->cf;

	cf.warn = warn_rule;
	cf.warn_arg = l;
	l->rules = set;
	if (o->jsonl != NULL) {
		/* each record's text is cleaned into memory, then put back */
		struct jsonl_config jc = { o->jsonl, o->jsonl_stats,
		    o->charset, o->fallback, o->invalid };

		/* a record is decoded before it is parsed: the text of its
		 * field is UTF-8 already; the charset is checked by jsonl */
		cf.charset = "UTF-8";
		if ((l->c = cleaner_new(set, l->mem, &cf, err, errsz)) ==
		    NULL || (l->j = jsonl_new(&jc, set, l->c, l->mem, l->out,
		    err, errsz)) == NULL)
			return -1;
	} else if ((l->c = cleaner_new(set, l->out, &cf, err, errsz)) == NULL)
		return -1;
	return 0;
}

/* NULL with a message in err when its cleaner cannot be made. */
static struct lane *
lane_make(struct run *r, const struct ruleset *set, bool direct, char *err,
    size_t errsz)
{
	struct lane *l = xcalloc(1, sizeof(*l));
	enum writer_mode mode = r->o->explain ? WRITE_EXPLAIN : WRITE_TEXT;

	l->run = r;
	l->direct = direct;
	l->out = direct ? r->w : writer_new(-1, mode);
	if (r->o->jsonl != NULL)
		l->mem = writer_new(-1, mode);
	if (lane_cleaner(l, set, err, errsz) < 0) {
		lane_free(l);
		return NULL;
	}
	l->cat_before = xcalloc(cleaner_stats(l->c)->ncat, sizeof(size_t));
	return l;
}

/*
 * After a long document, a thread's cleaner starts anew: what it grew to
 * (line table, the detector's tables) goes with it, instead of staying
 * beside another thread's.
 */
static void
lane_renew(struct lane *l)
{
	char err[1024];

	jsonl_free(l->j);
	cleaner_free(l->c);
	l->j = NULL;
	if (lane_cleaner(l, l->rules, err, sizeof(err)) < 0)
		errx(2, "%s", err);
}

/* Another of the same run: it cannot fail where the first did not. */
static struct lane *
lane_again(struct run *r, const struct ruleset *set)
{
	char err[1024];
	struct lane *l = lane_make(r, set, false, err, sizeof(err));

	if (l == NULL)
		errx(2, "%s", err);
	return l;
}

/* A worker's: a rule set of its own, output to memory. */
static void *
worker_lane_new(void *arg)
{
	struct run *r = arg;
	struct ruleset *set = rules_clone(r->set);
	struct lane *l = lane_again(r, set);

	l->set = set;
	return l;
}

static void
worker_lane_free(void *arg, void *lane)
{
	(void)arg;
	lane_free(lane);
}

static char *
pool_get(struct pool *p)
{
	char *b = NULL;

	pthread_mutex_lock(&p->lock);
	if (p->n > 0)
		b = p->v[--p->n];
	pthread_mutex_unlock(&p->lock);
	return b != NULL ? b : xmalloc(READER_BLOCK);
}

/* Keep b (of cap bytes) for another batch, or free it. */
static void
pool_put(struct pool *p, char *b, size_t cap)
{
	if (b == NULL)
		return;
	if (cap == READER_BLOCK) {
		pthread_mutex_lock(&p->lock);
		if (p->n < p->max) {
			grow(&p->v, &p->cap, p->n + 1, sizeof(*p->v));
			p->v[p->n++] = b;
			b = NULL;
		}
		pthread_mutex_unlock(&p->lock);
	}
	free(b);
}

static void
item_free(struct run *r, struct item *it)
{
	msgs_free(&it->msgs);
	pool_put(&r->pool, it->block, it->blockcap);
	pool_put(&r->pool, it->out, it->outcap);
	free(it->by_category);
	free(it);
}

static struct item *
item_new(struct input *in, enum item_kind kind)
{
	struct item *it = xcalloc(1, sizeof(*it));

	it->in = in;
	it->kind = kind;
	return it;
}

/* The documents of a batch, fed one by one. */
static void
clean_documents(struct lane *l, struct item *it)
{
	const char *p = it->text, *end = it->text + it->len;
	unsigned long long doc = it->doc_offset;
	int sep = l->run->sep;

	for (;;) {
		const char *q = sep >= 0 ? memchr(p, sep, end - p) : NULL;
		const char *stop = q != NULL ? q : end;

		if (p != it->text || !it->cont)
			doc = it->offset + (unsigned long long)(p - it->text);
		if (cleaner_feed(l->c, p, stop - p, q != NULL || it->doc_end) <
		    0) {
			if (!it->quiet)
				say(&it->msgs, "%s: offset %llu: not valid %s",
				    it->in->name,
				    doc + cleaner_invalid_at(l->c),
				    cleaner_charset(l->c));
			it->failed = true;
			return;
		}
		if (q == NULL)
			return;
		p = q + 1;
	}
}

/* The records of a batch of JSON Lines; a bad one is told by its number. */
static void
clean_records(struct lane *l, struct item *it)
{
	const struct options *o = l->run->o;
	const char *p = it->text, *end = it->text + it->len;
	unsigned long long lineno = it->lineno;
	char msg[512];

	for (;;) {
		const char *q = memchr(p, '\n', end - p);
		const char *stop = q != NULL ? q : end;
		size_t len = stop - p;

		lineno++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (jsonl_record(l->j, p, len, msg, sizeof(msg)) < 0) {
			say(&it->msgs, "%s:%llu: %s", it->in->name, lineno,
			    msg);
			if (o->on_bad_record == BAD_PASS) {
				writer_raw(l->out, p, stop - p);
				writer_raw(l->out, "\n", 1);
			} else if (o->on_bad_record == BAD_FAIL)
				it->bad = true;
		}
		if (q == NULL)
			return;
		p = q + 1;
	}
}

/* The work of a batch, in a lane: cleaning it, and what that counted. */
static void
work(void *arg, void *lane, struct job *job)
{
	struct lane *l = lane;
	struct item *it = (struct item *)job;
	const struct stats *st = cleaner_stats(l->c);
	size_t replaced = cleaner_replaced(l->c), lines = st->lines;
	size_t kept = st->kept, dropped = st->dropped, i;

	(void)arg;
	/* the caller's lane writes where the input goes: not into a file
	 * that could not be opened */
	if (l->direct && it->in->dead)
		return;
	l->cur = it;
	/* the output goes into a buffer of its own, about as long as what
	 * it comes from, that the item takes away */
	if (!l->direct)
		writer_give_memory(l->out, pool_get(&l->run->pool),
		    READER_BLOCK);
	cleaner_warn_again(l->c);
	memcpy(l->cat_before, st->by_category, st->ncat * sizeof(size_t));
	if (l->j != NULL)
		clean_records(l, it);
	else
		clean_documents(l, it);
	it->lines = st->lines - lines;
	it->kept = st->kept - kept;
	it->dropped = st->dropped - dropped;
	it->by_category = xcalloc(st->ncat, sizeof(size_t));
	for (i = 0; i < st->ncat; i++)
		it->by_category[i] = st->by_category[i] - l->cat_before[i];
	it->replaced = cleaner_replaced(l->c) - replaced;
	it->direct = l->direct;
	if (!l->direct && it->len > RENEW_MIN && it->doc_end)
		lane_renew(l);
	if (!l->direct) {
		(void)writer_memory(l->out, &it->outlen);
		it->out = writer_take_memory(l->out, &it->outcap);
	}
	l->cur = NULL;
}

static void
count(struct run *r, const struct item *it)
{
	size_t i;

	r->stats.lines += it->lines;
	r->stats.kept += it->kept;
	r->stats.dropped += it->dropped;
	if (it->by_category != NULL)
		for (i = 0; i < r->ncat; i++)
			r->stats.by_category[i] += it->by_category[i];
}

static void
earn(struct run *r, int rc)
{
	if (rc > r->status)
		r->status = rc;
}

/* The start of an input: what opening it said; -o and -i open its file. */
static void
begin(struct run *r, struct item *it)
{
	struct input *in = it->in;

	msgs_emit(r, &it->msgs);
	earn(r, in->rc);
	if (in->dead || !in->to_file)
		return;
	if (outfile_open(&in->of, in->path, in->mode, in->make_dirs) < 0) {
		warn("%s", in->shown);
		earn(r, 2);
		in->dead = true;
		return;
	}
	/* the owner kept too, where we may (before the mode is set) */
	if (in->owner && fchown(in->of.fd, in->uid, in->gid) < 0 &&
	    fchown(in->of.fd, (uid_t)-1, in->gid) < 0) {
		/* ours, then: as when any user writes a new file */
	}
	in->opened = true;
	writer_set_fd(r->w, in->of.fd);
}

static void
batch(struct run *r, struct item *it)
{
	struct input *in = it->in;

	msgs_emit(r, &it->msgs);
	count(r, it);
	in->replaced += it->replaced;
	if (it->bad)
		r->bad_records = true;
	if (!it->direct)
		writer_raw(r->w, it->out, it->outlen);
	if (it->failed) {
		in->result = -1;
		atomic_store(&in->over, true);
	} else if (writer_failed(r->w)) {
		/* output is lost: nothing more of this input, and on
		 * standard output nothing more at all */
		atomic_store(&in->over, true);
		if (!in->to_file)
			atomic_store(&r->stopped, true);
	}
}

/* The end of an input: what reading it said, and -o's and -i's file put in
 * place. */
static void
end(struct run *r, struct item *it)
{
	struct input *in = it->in;
	int rc;

	if (in->dead)
		return;
	if (!atomic_load(&in->over)) {
		msgs_emit(r, &it->msgs);
		in->result = it->result;
		if (in->result == 0 && in->replaced > 0)
			warnx("%s: %zu byte%s no charset could read, written "
			    "as U+FFFD", in->name, in->replaced,
			    in->replaced == 1 ? "" : "s");
	}
	rc = in->result < 0 ? 1 : 0;
	if (in->to_file) {
		if (writer_set_fd(r->w, STDOUT_FILENO) < 0) {
			warn("%s", in->shown);
			rc = 2;
		}
		if (rc != 0)
			outfile_abort(&in->of);
		else if (outfile_commit(&in->of, r->o->in_place ?
		    r->o->backup_suffix : NULL) < 0) {
			warn("%s", in->shown);
			rc = 2;
		}
		in->opened = false;
	}
	earn(r, rc);
}

static void
input_free(struct input *in)
{
	if (in->opened)
		outfile_abort(&in->of);
	free(in->path);
	free(in);
}

/* Finish an item, in input order. */
static void
done(void *arg, struct job *job)
{
	struct run *r = arg;
	struct item *it = (struct item *)job;

	/* after standard output failed, nothing more was cleaned */
	if (!atomic_load(&r->stopped)) {
		if (it->kind == ITEM_BEGIN)
			begin(r, it);
		else if (it->kind == ITEM_BATCH && !it->in->dead &&
		    !atomic_load(&it->in->over))
			batch(r, it);
		else if (it->kind == ITEM_END)
			end(r, it);
	}
	if (it->kind == ITEM_END)
		input_free(it->in);
	item_free(r, it);
}

static void
add(struct run *r, struct item *it)
{
	jobs_add(r->jobs, &it->job);
}

/*
 * Where -o puts the clean text of name: under dir, by the path it was
 * named by (less a leading / or ./).  NULL if that would leave dir.
 */
static char *
output_path(const char *dir, const char *name)
{
	const char *p = name, *s;
	size_t n;
	char *out;

	while (*p == '/' || (p[0] == '.' && p[1] == '/'))
		p += *p == '/' ? 1 : 2;
	for (s = p; *s != '\0'; s += strcspn(s, "/"), s += *s == '/')
		if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == '\0'))
			return NULL;
	if (*p == '\0')
		return NULL;
	n = strlen(dir) + strlen(p) + 2;
	out = xmalloc(n);
	snprintf(out, n, "%s/%s", dir, p);
	return out;
}

/*
 * -o: file i goes into the output directory, never over a file that is
 * being cleaned (-o . would replace the file itself) nor over anything but
 * a regular file or a symbolic link.  Returns -1 when it is not cleaned,
 * with what it earns in in->rc.
 */
static int
open_to_dir(struct run *r, struct input *in, struct msgs *m)
{
	const char *name = in->name, *dir = r->o->output_dir;
	struct stat st, at;
	char *path;

	in->rc = 1;
	if ((in->fd = open(name, O_RDONLY)) < 0) {
		say_errno(m, "%s", name);
		return -1;
	}
	if (fstat(in->fd, &st) < 0) {
		say_errno(m, "%s", name);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		say(m, "%s: Is a directory", name);
		return -1;
	}
	if ((path = output_path(dir, name)) == NULL) {
		say(m, "%s: its name leads out of %s", name, dir);
		return -1;
	}
	in->path = path;
	if (lstat(path, &at) == 0) {
		if (!S_ISREG(at.st_mode) && !S_ISLNK(at.st_mode)) {
			say(m, "%s: not a regular file", path);
			return -1;
		}
		/* putting the file in place replaces the link: a later name
		 * may go through it */
		if (S_ISLNK(at.st_mode))
			r->barrier = true;
	}
	if (stat(path, &at) == 0 && ((at.st_dev == st.st_dev &&
	    at.st_ino == st.st_ino) || outfile_inputs_find(r->inputs, &at) >=
	    0)) {
		say(m, "%s: its output, %s, is an input file", name, path);
		return -1;
	}
	in->rc = 0;
	in->to_file = true;
	in->shown = path;
	in->mode = 0666 & ~r->umask;
	in->make_dirs = true;
	return 0;
}

/* Whether -i's backup of path would replace a file named to be cleaned;
 * a backup path that is a symbolic link makes the next input wait. */
static bool
backup_is_input(struct run *r, const char *path)
{
	const char *suffix = r->o->backup_suffix;
	struct stat st;
	size_t n;
	char *b;
	bool is;

	if (suffix == NULL)
		return false;
	n = strlen(path) + strlen(suffix) + 1;
	b = xmalloc(n);
	snprintf(b, n, "%s%s", path, suffix);
	is = stat(b, &st) == 0 && outfile_inputs_find(r->inputs, &st) >= 0;
	if (lstat(b, &st) == 0 && S_ISLNK(st.st_mode))
		r->barrier = true;
	free(b);
	return is;
}

/*
 * -i: file i is replaced with its clean text.  Only a regular file with
 * no other hard link is replaced (anything else would be harmed: a device
 * or a FIFO turned into a file, a link broken); a symbolic link is
 * followed and its target replaced, the link kept; a file named twice is
 * cleaned once.  Returns -1 when it is not cleaned, with what it earns in
 * in->rc.
 */
static int
open_in_place(struct run *r, struct input *in, struct msgs *m)
{
	const char *name = in->name;
	struct stat st, fst;
	char *path;
	int first;

	in->rc = 1;
	if (stat(name, &st) < 0) {
		say_errno(m, "%s", name);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		say(m, "%s: Is a directory", name);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		say(m, "%s: not a regular file", name);
		return -1;
	}
	if (st.st_nlink > 1) {
		say(m, "%s: has %ju links; replacing it would break them",
		    name, (uintmax_t)st.st_nlink);
		return -1;
	}
	if ((first = outfile_inputs_first(r->inputs, in->index)) < in->index) {
		say(m, "%s: the same file as %s; not cleaned twice", name,
		    r->o->files[first]);
		in->rc = 0;
		return -1;
	}
	if ((path = realpath(name, NULL)) == NULL) {
		say_errno(m, "%s", name);
		return -1;
	}
	in->path = path;
	if (backup_is_input(r, path)) {
		struct stat lst;

		/* the backup is beside the file a link leads to */
		say(m, "%s: its backup, %s%s, is an input file", name,
		    lstat(name, &lst) == 0 && S_ISLNK(lst.st_mode) ? path :
		    name, r->o->backup_suffix);
		return -1;
	}
	/* non-blocking: should a FIFO take its place, open(2) returns */
	if ((in->fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW)) < 0 ||
	    fstat(in->fd, &fst) < 0 || fst.st_dev != st.st_dev ||
	    fst.st_ino != st.st_ino || fcntl(in->fd, F_SETFL, 0) < 0) {
		if (in->fd < 0)
			say_errno(m, "%s", name);
		else
			say(m, "%s: changed while being opened", name);
		return -1;
	}
	in->rc = 0;
	in->to_file = true;
	in->shown = name;
	in->mode = st.st_mode & 07777;
	in->owner = true;
	in->uid = st.st_uid;
	in->gid = st.st_gid;
	return 0;
}

/*
 * Whether input i must wait until every input before it is finished: when
 * what putting their files in place does may change what opening it finds
 * (a file named twice, a name that did not exist at the start, a link an
 * earlier file replaces).
 */
static bool
must_wait(struct run *r, int i)
{
	bool wait = r->barrier;

	r->barrier = false;
	if (r->inputs == NULL)
		return false;
	return wait || !outfile_inputs_named(r->inputs, i) ||
	    (r->o->in_place && outfile_inputs_first(r->inputs, i) < i);
}

/* The input is read: close it, and add the item that ends it (after which
 * it may be gone). */
static void
end_input(struct run *r, struct input *in, struct item *it)
{
	if (in->fd >= 0 && in->fd != STDIN_FILENO)
		close(in->fd);
	in->fd = -1;
	add(r, it);
}

/* Read an input to its end, in batches. */
static void
read_input(struct run *r, struct input *in)
{
	struct chunk ch;
	struct item *it;
	struct lane *pieces = NULL;	/* the one a document in pieces is in */
	unsigned long long doc = 0, lineno = 0;
	bool in_doc = false;
	int rc = 0;

	reader_reset(r->rd, in->fd);
	it = item_new(in, ITEM_END);
	if (r->o->null_data) {
		const char *head;
		size_t n;

		/* UTF-16 split at its NULs would be a record a character;
		 * a pipe's first record is not kept waiting for more */
		if (reader_peek(r->rd, 4, &head, &n) < 0) {
			say_errno(&it->msgs, "%s", in->name);
			it->result = -1;
			end_input(r, in, it);
			return;
		}
		if (cleaner_wide_stream(r->lane->c, head, n)) {
			say(&it->msgs, "%s: UTF-16 or UTF-32 cannot be split "
			    "at NUL bytes (-z); convert it to UTF-8 first",
			    in->name);
			it->result = -1;
			end_input(r, in, it);
			return;
		}
	}
	while (!atomic_load(&r->stopped) && !atomic_load(&in->over) &&
	    (rc = reader_next_batch(r->rd, &ch)) > 0) {
		struct item *b = item_new(in, ITEM_BATCH);
		const char *last;

		b->text = ch.text;
		b->len = ch.len;
		b->cont = ch.cont;
		b->doc_end = ch.doc_end;
		b->offset = ch.offset;
		/* where the document began: a chunk that goes on holds no
		 * separator (the reader cuts it at a line end), so it is the
		 * offset of the first chunk of it */
		if (!ch.cont)
			doc = ch.offset;
		b->doc_offset = doc;
		b->lineno = lineno;
		b->job.bytes = ch.len;
		if (r->o->jsonl != NULL)
			for (last = ch.text; (last = memchr(last, '\n',
			    ch.text + ch.len - last)) != NULL; last++)
				lineno++;
		lineno++;
		in_doc = !ch.doc_end;
		if (ch.cont && pieces != NULL) {
			/* the rest of a document goes where it began */
			work(r, pieces, &b->job);
			b->text = NULL;
		} else if (jobs_inline(r->jobs))
			b->job.work = true;
		else if (!ch.doc_end) {
			/* a document in pieces: one cleaner takes them all,
			 * the reader's, as they come */
			jobs_start(r->jobs);
			if (r->reading == NULL)
				r->reading = lane_again(r, r->set);
			pieces = r->reading;
			work(r, pieces, &b->job);
			b->text = NULL;
		} else {
			/* the batch takes the reader's buffer: no copy */
			b->block = reader_detach(r->rd, pool_get(&r->pool),
			    READER_BLOCK, &b->blockcap);
			b->job.work = true;
		}
		if (ch.doc_end)
			pieces = NULL;
		add(r, b);
	}
	if (atomic_load(&r->stopped) || atomic_load(&in->over))
		rc = 0;
	if (rc < 0) {
		say_errno(&it->msgs, "%s", in->name);
		it->result = -1;
		if (in_doc) {
			/* the document read so far ends there */
			struct item *b = item_new(in, ITEM_BATCH);

			b->text = "";
			b->cont = b->doc_end = b->quiet = true;
			if (pieces != NULL)
				work(r, pieces, &b->job);
			else
				b->job.work = true;
			add(r, b);
		}
	}
	end_input(r, in, it);
}

/* One input: open it as its mode says, then read it. */
static void
do_input(struct run *r, int i)
{
	const struct options *o = r->o;
	struct input *in = xcalloc(1, sizeof(*in));
	struct item *it = item_new(in, ITEM_BEGIN);
	int rc = 0;

	in->index = i;
	in->fd = -1;
	in->name = i < 0 || strcmp(o->files[i], "-") == 0 ? "stdin" :
	    o->files[i];
	atomic_init(&in->over, false);
	if (i >= 0 && must_wait(r, i))
		jobs_wait(r->jobs);
	if (i < 0 || strcmp(o->files[i], "-") == 0)
		in->fd = STDIN_FILENO;
	else if (o->in_place)
		rc = open_in_place(r, in, &it->msgs);
	else if (o->output_dir != NULL)
		rc = open_to_dir(r, in, &it->msgs);
	else if ((in->fd = open(in->name, O_RDONLY)) < 0) {
		say_errno(&it->msgs, "%s", in->name);
		in->rc = 1;
		rc = -1;
	}
	if (rc < 0) {
		/* nothing to clean: the input ends where it begins */
		in->dead = true;
		add(r, it);
		end_input(r, in, item_new(in, ITEM_END));
		return;
	}
	add(r, it);
	/* with one job, the begin is finished: the file it would be
	 * written to may not have opened */
	if (jobs_inline(r->jobs) && in->dead)
		end_input(r, in, item_new(in, ITEM_END));
	else
		read_input(r, in);
}

struct run *
run_new(const struct run_config *cf, char *err, size_t errsz)
{
	struct run *r = xcalloc(1, sizeof(*r));
	const struct options *o = cf->o;
	struct jobs_config jc;
	unsigned jobs = cf->jobs;
	long cpus;

	r->o = o;
	r->set = cf->set;
	r->cf = cf->cf;
	r->umask = cf->umask;
	r->sep = o->jsonl != NULL ? '\n' : r->cf.sep;
	r->w = writer_new(STDOUT_FILENO, o->explain ? WRITE_EXPLAIN :
	    WRITE_TEXT);
	if ((r->lane = lane_make(r, r->set, true, err, errsz)) == NULL) {
		writer_free(r->w);
		free(r);
		return NULL;
	}
	if (o->null_data && !cleaner_ascii_compatible(r->lane->c)) {
		snprintf(err, errsz, "-z needs a charset that reads NUL and "
		    "ASCII as bytes, not %s", o->charset);
		lane_free(r->lane);
		writer_free(r->w);
		free(r);
		return NULL;
	}
	r->ncat = cleaner_stats(r->lane->c)->ncat;
	r->stats.ncat = r->ncat;
	r->stats.by_category = xcalloc(r->ncat, sizeof(size_t));
	r->warned = xcalloc(rules_count(r->set) + 1, sizeof(bool));
	/* the detector needs each document whole, up to DOC_PIECE; rules
	 * alone can stream; a JSON record is read whole */
	r->rd = reader_new(o->jsonl != NULL ? '\n' : r->cf.sep,
	    o->jsonl != NULL ? SIZE_MAX : r->cf.detect ? DOC_PIECE : 0);
	if (o->output_dir != NULL || o->in_place)
		r->inputs = outfile_inputs_new(o->files, o->nfiles);
	atomic_init(&r->stopped, false);
	if (jobs == 0) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = cpus < 1 ? 1 : cpus > JOBS_MAX ? JOBS_MAX :
		    (unsigned)cpus;
	}
	/* a single document is one piece of work */
	if (o->jsonl == NULL && !o->null_data && o->nfiles <= 1)
		jobs = 1;
	outfile_signals(&r->hold);
	memset(&jc, 0, sizeof(jc));
	jc.threads = jobs;
	jc.max_items = ITEMS_PER_THREAD * jobs + ITEMS_MORE;
	jc.max_bytes = BYTES_IN_FLIGHT;
	jc.work = work;
	jc.done = done;
	jc.lane_new = worker_lane_new;
	jc.lane_free = worker_lane_free;
	jc.arg = r;
	jc.lane = r->lane;
	jc.hold = &r->hold;
	r->jobs = jobs_new(&jc);
	if (pthread_mutex_init(&r->pool.lock, NULL) != 0)
		errx(2, "cannot make a lock");
	/* as many as can be in flight, in and out */
	r->pool.max = 2 * jc.max_items;
	return r;
}

int
run_inputs(struct run *r)
{
	const struct options *o = r->o;
	int i;

	if (o->nfiles == 0)
		do_input(r, -1);
	for (i = 0; i < o->nfiles && !atomic_load(&r->stopped); i++)
		do_input(r, i);
	jobs_free(r->jobs);
	r->jobs = NULL;
	if (r->bad_records && r->status == 0)
		r->status = 1;
	if (writer_flush(r->w) < 0) {
		if (errno != EPIPE)
			warn("write error");
		r->status = 2;
	}
	return r->status;
}

const struct stats *
run_stats(const struct run *r)
{
	return &r->stats;
}

void
run_free(struct run *r)
{
	if (r == NULL)
		return;
	jobs_free(r->jobs);
	lane_free(r->lane);
	lane_free(r->reading);
	reader_free(r->rd);
	writer_free(r->w);
	outfile_inputs_free(r->inputs);
	while (r->pool.n > 0)
		free(r->pool.v[--r->pool.n]);
	free(r->pool.v);
	pthread_mutex_destroy(&r->pool.lock);
	free(r->warned);
	free(r->stats.by_category);
	free(r);
}
