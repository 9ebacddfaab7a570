/*
 * Rule files: parsing, includes, the default rules carried in the binary,
 * and the compiled rule set.  See newsclean-rules(5) for the format.
 */
#ifndef RULES_H
#define RULES_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

struct ruleset;
struct rule;

enum action {
	ACTION_DROP,
	ACTION_CUT,
	ACTION_BLOCK,
	ACTION_KEEP,
	ACTION_STRIP,
	ACTION_SECTION,	/* a drop that heads a section of boilerplate */
	ACTION_TRAILER,	/* a section that only follows the article */
	ACTION_HINT,	/* a drop the content detector may overrule */
};

/* How a block ends. */
enum block_end {
	BLOCK_END_PATTERN,	/* through the line matching the end pattern */
	BLOCK_END_BLANK,	/* at the next blank line */
	BLOCK_END_COUNT,	/* after a number of non-blank lines */
};

struct ruleset *rules_new(void);
void rules_free(struct ruleset *);

/*
 * A copy of a set that shares nothing with it, for another thread: a set
 * compiles its built-in patterns when first used, and matching JIT
 * compiles them, so one set is never used by two threads at once.
 */
struct ruleset *rules_clone(const struct ruleset *);

/*
 * Load a rule file, or the default rules built into the program.  On error
 * return -1; rules_error() then says "file:line:col: message".
 */
int rules_load_file(struct ruleset *, const char *path);
int rules_load_default(struct ruleset *);

/*
 * Load rules from text[0, len), reported as coming from name; an include in
 * it names one of the built-in rule files.
 */
int rules_load_text(struct ruleset *, const char *name, const char *text,
    size_t len);
const char *rules_error(const struct ruleset *);

/*
 * "set NAME VALUE" lines, in the order read; where is "file:line:col".
 * The rules module keeps them; whoever owns NAME checks the value.
 */
size_t rules_settings(const struct ruleset *);
void rules_setting_at(const struct ruleset *, size_t, const char **name,
    const char **value, const char **where);

size_t rules_count(const struct ruleset *);
const struct rule *rules_at(const struct ruleset *, size_t);
size_t rules_categories(const struct ruleset *);
const char *rules_category_name(const struct ruleset *, size_t);

enum action rule_action(const struct rule *);
size_t rule_index(const struct rule *);
size_t rule_category(const struct rule *);
const char *rule_category_name(const struct rule *);

/* "category:file:line", as --explain shows the rule, into buf. */
void rule_name(const struct rule *, char *buf, size_t size);
const char *rule_file(const struct rule *);
unsigned rule_line(const struct rule *);
const char *rule_source(const struct rule *);	/* as written in the file */
const char *rule_pattern(const struct rule *);	/* between the slashes */
/* A built-in rule's pattern is compiled here, on first use. */
pcre2_code *rule_code(const struct rule *);
bool rule_extended(const struct rule *);	/* has the x flag */
pcre2_code *rule_end_code(const struct rule *);	/* block end */
enum block_end rule_block_end(const struct rule *);
unsigned rule_block_lines(const struct rule *);	/* line limit of a block */

const char *action_name(enum action);

#endif
