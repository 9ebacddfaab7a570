#include "harness.h"

#include "detect.h"
#include "stoplist.h"

static const struct cleaner_config with_detector = { .sep = -1,
	.detect = true };

/* The default rules and the detector, as plain newsclean runs them. */
static int
setup(void **state)
{
	struct ruleset *set = rules_new();

	assert_int_equal(rules_load_default(set), 0);
	*state = harness_new(set, &with_detector);
	return 0;
}

static int
teardown(void **state)
{
	harness_free(*state);
	return 0;
}

static const char *
clean_text(struct harness *f, const char *text, size_t len)
{
	char *copy = strndup(text, len);
	const char *chunks[] = { copy, NULL };
	const char *out;

	assert_non_null(copy);
	out = harness_clean(f, chunks);
	free(copy);
	return out;
}

/* Clean tests/detect/NAME.txt. */
static const char *
clean_page(struct harness *f, const char *name)
{
	char path[256], *text;
	FILE *fp;
	long len;
	const char *out;

	snprintf(path, sizeof(path), "tests/detect/%s.txt", name);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	text = malloc((size_t)len);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	out = clean_text(f, text, (size_t)len);
	free(text);
	return out;
}

#define kept(out, s) assert_non_null(strstr((out), (s)))
#define gone(out, s) assert_null(strstr((out), (s)))

static void
test_menu_head_goes(void **state)
{
	const char *out = clean_page(*state, "menu_head");

	kept(out, "Cyclists get a new bridge");	/* the headline */
	kept(out, "The new footbridge");
	kept(out, "lit from below");
	gone(out, "Weather");
	gone(out, "Harbour Gazette");
}

static void
test_related_headlines_go(void **state)
{
	const char *out = clean_page(*state, "related_tail");

	kept(out, "Farmers try a later harvest");
	kept(out, "doing nothing is no longer");
	gone(out, "Water prices");
	gone(out, "Orchard owners");
	gone(out, "Police close road");
}

/*
 * After a section heading the article resumes at two lines in a row that
 * read as article, not at one: teaser summaries, each under a line of its
 * topic and reading time, stay out.
 */
static void
test_teaser_summaries_go(void **state)
{
	const char *out = clean_page(*state, "teaser_summaries");

	kept(out, "Ferry service to the islands resumes");
	kept(out, "never again depend on a single vessel");
	gone(out, "More stories");
	gone(out, "old river bridge");
	gone(out, "Sunday afternoons");
	gone(out, "min read");
}

static void
test_japanese_chrome_goes(void **state)
{
	const char *out = clean_page(*state, "japanese");

	/* no spaces between words: ja.rules' headings and chrome are the
	 * evidence that the list below the post is no part of it */
	kept(out, "実家の物置に十年以上");
	kept(out, "週末の作業も苦になりませんでした");
	gone(out, "スポンサードリンク");
	gone(out, "ベランダで使える小さな作業台");
	gone(out, "キャンプ用の折りたたみ椅子");
	gone(out, "プライバシーポリシー");
}

static void
test_comment_form_goes(void **state)
{
	const char *out = clean_page(*state, "comments");

	kept(out, "Why the night train deserves a second chance");
	kept(out, "freight trains leave a gap");
	gone(out, "Leave a Reply");
	gone(out, "Post Comment");
}

static void
test_comment_thread_after_a_short_post_goes(void **state)
{
	const char *out = clean_page(*state, "comment_thread");

	/* the thread is longer than the post, but follows its heading */
	kept(out, "This is our open thread");
	gone(out, "said:");
	gone(out, "school meal programmes");
	gone(out, "clean water is on our list");
}

static void
test_comments_button_above_the_article(void **state)
{
	const char *out = clean_page(*state, "toolbar_comments");

	/* "Comments" in a row of buttons does not end the article */
	kept(out, "reported sales of 41 million pounds");
	kept(out, "hit even harder by the weather");
	gone(out, "Twitter");
	gone(out, "Terms of Use");
}

static void
test_comments_link_above_the_article(void **state)
{
	const char *out = clean_page(*state, "author_box");

	/* a "Comments" link under an author's box, above the article, is
	 * no comment section: the article below it stays */
	kept(out, "will run again from next month");
	kept(out, "families with young children");
	gone(out, "Privacy Policy");
}

static void
test_one_paragraph_article(void **state)
{
	const char *out = clean_page(*state, "one_paragraph");

	kept(out, "Road closed after lorry sheds its load");
	kept(out, "signed diversion through the hills");
	gone(out, "About us");
}

static void
test_subheadings_stay(void **state)
{
	const char *out = clean_page(*state, "subheadings");

	kept(out, "A cleaner view");
	kept(out, "star-forming clouds");
	kept(out, "Surprises in the data");
	kept(out, "magnetic field");
	kept(out, "What comes next");
	kept(out, "six months after each batch");
	gone(out, "Newsletters");
}

static void
test_german_article(void **state)
{
	const char *out = clean_page(*state, "german");

	kept(out, "Stadtbibliothek öffnet künftig auch am Sonntag");
	kept(out, "Förderverein");
	gone(out, "Impressum");
	gone(out, "Kontakt");
}

static void
test_page_without_article(void **state)
{
	assert_string_equal(clean_page(*state, "no_article"), "");
}

/* With nothing that looks like boilerplate, the detector leaves text be. */
static void
test_clean_text_is_untouched(void **state)
{
	static const char text[] =
	    "Short list:\n"
	    "one\n"
	    "two\n"
	    "\n"
	    "The committee met on Friday and agreed that the report should be "
	    "published before the end of the month, with the figures that the "
	    "statistics office has checked.\n"
	    "Thanks\n";

	assert_string_equal(clean_text(*state, text, sizeof(text) - 1), text);
}

/*
 * Scripts without spaces are measured in characters, not words: the
 * article's two lines are prose.  (The short menu words above it are the
 * model's to judge; the training pages hold few such pages.)
 */
static void
test_japanese_article(void **state)
{
	static const char text[] =
	    "ホーム\nニュース\nPrivacy Policy\nTerms of Use\n\n"
	    "市の図書館は来月から日曜日も開館すると、市の担当者が火曜日に発表"
	    "した。利用者への調査で三分の二以上が開館時間の延長を望んでいた。\n"
	    "追加の人件費の大部分は、長年図書館を支えてきた友の会が負担する"
	    "という。まずは一年間試験的に実施される予定だ。\n"
	    "\nAbout us\nContact us\n";
	const char *out = clean_text(*state, text, sizeof(text) - 1);

	kept(out, "市の図書館は来月から");
	kept(out, "友の会が負担する");
	gone(out, "Contact us");
}

/* Text that appears twice on a page (a template habit) is not lost. */
static void
test_duplicated_article_stays(void **state)
{
	const char *out = clean_page(*state, "duplicated");

	kept(out, "The ferry that links the mainland");
	kept(out, "keeps the early crossing");
	gone(out, "Island Courier");
}

/* Quotations in guillemets (French « », German » «) are paragraphs. */
static void
test_guillemet_quotations_stay(void **state)
{
	const char *out = clean_page(*state, "guillemets");

	kept(out, "« Nous attendions ce lieu depuis des années");
	kept(out, "« Le samedi, nous vendions sur le trottoir");
	kept(out, "»Wir kommen jede Woche hierher");
	gone(out, "Mentions légales");
}

/* A paragraph that gives a web address is still a paragraph. */
static void
test_paragraph_with_web_address_stays(void **state)
{
	const char *out = clean_page(*state, "web_address");

	kept(out, "www.treemap-example.org");
	kept(out, "oldest lime trees");
	gone(out, "Contact us");
}

/* A page of short lines and one sentence: the short lines are its story. */
static void
test_photo_story_stays(void **state)
{
	const char *out = clean_page(*state, "photo_story");

	kept(out, "Lanterns over the harbour");
	kept(out, "The parade on the main square");
	kept(out, "Fireworks at midnight");
	gone(out, "Terms of Use");
}

/*
 * Stripping part of a line changes nothing else the detector decides: the
 * page cleans the same with a strip rule on its first paragraph, but for
 * the stripped text (the detector before the learned one dropped the
 * paragraphs after it as repeated).
 */
static void
test_strip_leaves_the_rest_alone(void **state)
{
	struct ruleset *set = rules_from_text(
	    "[inline]\nstrip /\\s*\\(opens in a new tab\\)$/i\n");
	struct harness *h;
	char *plain;
	const char *out, *at;

	plain = strdup(clean_page(*state, "duplicated"));
	assert_non_null(plain);
	assert_int_equal(rules_load_default(set), 0);
	h = harness_new(set, &with_detector);
	/* the fixture is duplicated.txt with "(opens in a new tab)" after
	 * its first paragraph */
	out = clean_page(h, "strip_first");
	at = strstr(out, "kept it in the harbour.");
	assert_non_null(at);
	assert_true(at[23] == '\n');
	assert_string_equal(out, plain);
	harness_free(h);
	free(plain);
}

static void
test_settings(void **state)
{
	struct detector *d = detector_new();
	char err[128];

	(void)state;
	assert_int_equal(detector_set(d, "content-threshold", "0.3", err,
	    sizeof(err)), 0);
	assert_int_equal(detector_set(d, "content-threshold", "0", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "content-threshold must be a number between "
	    "0 and 1");
	assert_int_equal(detector_set(d, "content-threshold", "1", err,
	    sizeof(err)), -1);
	assert_int_equal(detector_set(d, "content-threshold", "0.5x", err,
	    sizeof(err)), -1);
	assert_int_equal(detector_set(d, "good-words", "12", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "unknown setting good-words");
	detector_free(d);
}

/*
 * A higher threshold keeps less, a lower one more: the knob trades recall
 * for precision.
 */
static void
test_threshold_trades_recall(void **state)
{
	static const char *const pages[] = { "duplicated", "menu_head",
		"photo_story", "toolbar_comments", "web_address" };
	struct harness *low, *high;
	struct ruleset *set;
	size_t i, lowlen = 0, mid = 0, highlen = 0;
	set = rules_from_text("set content-threshold 0.05\n");
	assert_int_equal(rules_load_default(set), 0);
	low = harness_new(set, &with_detector);
	set = rules_from_text("set content-threshold 0.95\n");
	assert_int_equal(rules_load_default(set), 0);
	high = harness_new(set, &with_detector);
	for (i = 0; i < sizeof(pages) / sizeof(*pages); i++) {
		/* each harness returns all it wrote so far */
		lowlen = strlen(clean_page(low, pages[i]));
		mid = strlen(clean_page(*state, pages[i]));
		highlen = strlen(clean_page(high, pages[i]));
	}
	assert_true(highlen < mid);
	assert_true(mid < lowlen);
	harness_free(low);
	harness_free(high);
}

/* Reading a word's last bytes at once (over whatever follows it) hashes
 * it as reading them one by one does, at every length and alignment. */
static void
test_padded_hash_is_the_hash(void **state)
{
	unsigned char buf[96 + 8];
	size_t off, n, i;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	for (off = 0; off < 8; off++)
		for (n = 0; n + off <= 96; n++) {
			uint64_t h = stoplist_hash_bytes(buf + off, n);

			assert_true(stoplist_hash_padded(buf + off, n) == h);
			buf[off + n] ^= 0xff;	/* what follows is not read */
			assert_true(stoplist_hash_padded(buf + off, n) == h);
			buf[off + n] ^= 0xff;
		}
	/* and the hash tells these apart */
	assert_true(stoplist_hash_bytes("ab", 2) != stoplist_hash_bytes("ba", 2));
	assert_true(stoplist_hash_bytes("a", 1) !=
	    stoplist_hash_bytes("a\0", 2));
}

/* The Bloom filter in front of the table passes every word in it. */
static void
test_bloom_passes_every_stopword(void **state)
{
	char w[64 + 8];
	size_t i, words = 0;

	(void)state;
	for (i = 0; i < STOPLIST_SLOTS; i++) {
		const struct stoplist_slot *sl = &stoplist_slots[i];

		if (sl->meta == 0)
			continue;
		words++;
		assert_true(stoplist_maybe(stoplist_bloom, stoplist_hash_bytes(
		    w, stoplist_word(sl, w))));
	}
	assert_true(words > 1000);
}

/*
 * Every word of the stoplists is found with its languages, from a buffer
 * whose bytes past it are anything, and is no stopword with its first or
 * its last byte made a control character: its slot's head or its bytes in
 * stoplist_tails no longer match, even looked up by the word's own hash
 * (which takes the look-up to its slot, where a hash of its own would not).
 */
static void
test_every_stopword_is_found(void **state)
{
	char w[64 + 8];
	size_t i, len, k;
	uint64_t h;

	(void)state;
	for (i = 0; i < STOPLIST_SLOTS; i++) {
		const struct stoplist_slot *sl = &stoplist_slots[i];
		uint64_t langs = stoplist_langsets[STOPLIST_SET(sl->meta)];

		if (sl->meta == 0)
			continue;
		memset(w, 'x', sizeof(w));
		len = stoplist_word(sl, w);
		memset(w + len, 'x', 8);
		assert_int_equal(stoplist_langs(w, len), langs);
		assert_true(stoplist_head(w, len) == sl->head);
		if (len > 4)
			assert_true(stoplist_same(stoplist_tails +
			    STOPLIST_TAIL(sl->meta), w + 4, len - 4));
		h = stoplist_hash_padded(w, len);
		for (k = 0; k < len; k += len > 1 ? len - 1 : 1) {
			char c = w[k];

			w[k] = '\001';
			assert_int_equal(stoplist_langs(w, len), 0);
			assert_int_equal(stoplist_langs_hashed(w, len, h), 0);
			if (k < 4)
				assert_false(stoplist_head(w, len) == sl->head);
			else
				assert_false(stoplist_same(stoplist_tails +
				    STOPLIST_TAIL(sl->meta), w + 4, len - 4));
			w[k] = c;
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_menu_head_goes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_related_headlines_go,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_teaser_summaries_go, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_japanese_chrome_goes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_comment_form_goes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_comment_thread_after_a_short_post_goes, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_comments_button_above_the_article, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_comments_link_above_the_article, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_paragraph_article,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_subheadings_stay, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_german_article, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_page_without_article,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_clean_text_is_untouched,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicated_article_stays,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_guillemet_quotations_stay,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_paragraph_with_web_address_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_photo_story_stays, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_japanese_article, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_strip_leaves_the_rest_alone,
		    setup, teardown),
		cmocka_unit_test(test_settings),
		cmocka_unit_test_setup_teardown(test_threshold_trades_recall, setup,
		    teardown),
		cmocka_unit_test(test_padded_hash_is_the_hash),
		cmocka_unit_test(test_bloom_passes_every_stopword),
		cmocka_unit_test(test_every_stopword_is_found),
	};

	return cmocka_run_group_tests_name("detect", tests, NULL, NULL);
}
