/* OpEx Playbooks search worker.
 *
 * Stands in for Material for MkDocs' lunr worker and speaks the same protocol (messages
 * SETUP 0, READY 1, QUERY 2, RESULT 3; results grouped by page as Material renders them).
 * Material's worker builds a lunr index from every document in the browser, which takes
 * seconds for thousands of records.  Here the index comes prebuilt in search_index.json
 * (config.opex, written by generator/searchindex.py at build time): a sorted list of words
 * and, per word, the documents holding it.  Setting up only decodes it, so search answers
 * as soon as the index has been fetched.  Without config.opex the index is built here from
 * the documents, with the same rules.
 *
 * Words are runs of letters and digits, lower-cased, accents removed.  Every word typed is
 * a prefix ("kai" finds "Kaito"); +word must be present, -word must not.  Pages with more
 * of the words come first, then those where the words are in the title, then rarer words.
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var WORD = /[\p{L}\p{N}]+/gu;
var MARKS = /\p{M}/gu;
var TITLE_WEIGHT = 10;
var HIGHLIGHTED = 100;  /* results whose words are marked: the theme shows 10 at first */

var index = null;

/* Letters Unicode does not split into a base letter and an accent (as in searchindex.py). */
var LETTERS = { "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th" };
var SPECIAL = /[øłđðħıßæœþ]/g;

function fold(text) {
  return text.toLowerCase().replace(SPECIAL, function (c) { return LETTERS[c]; })
    .normalize("NFKD").replace(MARKS, "");
}

function unescapeHTML(html) {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
    .replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");
}

function words(text) {
  return fold(text).match(WORD) || [];
}

/* The index of config.opex, or one built from the documents when there is none. */
function prepare(config, docs) {
  var opex = config.opex;
  var terms, postings, stop;
  if (opex && opex.version === 2) {
    terms = opex.terms;
    postings = opex.postings;
    stop = new Set(opex.stopwords);
  } else {
    stop = new Set(opex && opex.stopwords || []);
    var map = new Map();
    docs.forEach(function (doc, i) {
      var title = new Set(words(unescapeHTML(doc.title)));
      var all = new Set(words(unescapeHTML(doc.text)));
      title.forEach(function (w) { all.add(w); });
      all.forEach(function (w) {
        if (stop.has(w)) return;
        var list = map.get(w);
        if (!list) map.set(w, list = []);
        list.push(2 * i + (title.has(w) ? 1 : 0));
      });
    });
    terms = Array.from(map.keys()).sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
    postings = terms.map(function (t) {
      var list = map.get(t);
      return encode(list.map(function (v, i) { return i ? v - list[i - 1] : v; }));
    });
  }
  var articles = new Map(), parent = new Int32Array(docs.length);
  docs.forEach(function (doc, i) {
    var path = doc.location.split("#")[0];
    if (!articles.has(path)) articles.set(path, i);
    parent[i] = articles.get(path);
  });
  return {
    docs: docs,
    terms: terms,
    raw: postings,
    decoded: new Array(terms.length),
    parent: parent,
    stop: stop
  };
}

/* Numbers packed by generator/searchindex.py: 5 bits a character, low bits first; LAST ends
   a number, MORE says more bits follow. */
var LAST = "0123456789abcdefghijklmnopqrstuv", MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
var DIGIT = new Int8Array(128).fill(-1);
for (var c = 0; c < 32; c++) {
  DIGIT[LAST.charCodeAt(c)] = c;
  DIGIT[MORE.charCodeAt(c)] = 32 + c;
}

function encode(numbers) {
  var out = "";
  numbers.forEach(function (n) {
    for (; n >= 32; n = Math.floor(n / 32)) out += MORE[n % 32];
    out += LAST[n];
  });
  return out;
}

/* Postings of terms[t], decoded from gaps on first use: 2 * document + (1 if in the title). */
function posting(t) {
  var list = index.decoded[t];
  if (!list) {
    var text = index.raw[t], values = [], v = 0, n = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charCodeAt(i)];
      if (d < 32) {
        v += n + d * Math.pow(2, shift);
        values.push(v);
        n = 0;
        shift = 0;
      } else {
        n += (d - 32) * Math.pow(2, shift);
        shift += 5;
      }
    }
    list = index.decoded[t] = Int32Array.from(values);
  }
  return list;
}

/* First i with terms[i] >= prefix. */
function lowerBound(prefix) {
  var lo = 0, hi = index.terms.length;
  while (lo < hi) {
    var mid = (lo + hi) >>> 1;
    if (index.terms[mid] < prefix) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function parse(query) {
  var clauses = [];
  query.split(/\s+/).forEach(function (part) {
    var presence = part[0] === "+" ? 1 : part[0] === "-" ? -1 : 0;
    words(part).forEach(function (term) {
      if (!clauses.some(function (c) { return c.term === term; }))
        clauses.push({ term: term, presence: presence });
    });
  });
  return clauses;
}

/* Wrap the words of an HTML fragment that start with one of the terms in <mark>. */
function highlight(html, terms) {
  if (!terms.length) return html;
  return html.replace(/(<[^>]*>|&[#\w]+;)|[\p{L}\p{N}\p{M}]+/gu, function (word, markup) {
    if (markup) return word;
    var folded = fold(word);
    for (var i = 0; i < terms.length; i++)
      if (folded.startsWith(terms[i])) return "<mark>" + word + "</mark>";
    return word;
  });
}

function search(query) {
  var clauses = parse(query);
  var n = index.docs.length;
  if (!clauses.length) return { items: [] };
  /* Per clause and document: the best weight of a word starting with the clause's term. */
  var scores = clauses.map(function (clause) {
    var score = new Float64Array(n);
    var from = lowerBound(clause.term);
    for (var t = from; t < index.terms.length && index.terms[t].startsWith(clause.term); t++) {
      var list = posting(t);
      var weight = Math.log(1 + n / list.length) * (index.terms[t] === clause.term ? 1.5 : 1);
      for (var i = 0; i < list.length; i++) {
        var d = list[i] >> 1, w = list[i] & 1 ? weight * TITLE_WEIGHT : weight;
        if (score[d] < w) score[d] = w;
      }
    }
    return score;
  });
  var hits = [];
  for (var d = 0; d < n; d++) {
    var count = 0, total = 0, ok = true;
    for (var c = 0; c < clauses.length && ok; c++) {
      var s = scores[c][d];
      if (clauses[c].presence < 0) { if (s) ok = false; continue; }
      if (!s) { if (clauses[c].presence > 0) ok = false; continue; }
      count += 1;
      total += s;
    }
    if (ok && count) hits.push({ doc: d, score: count * 1000 + total });
  }
  hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });

  var wanted = [];
  clauses.forEach(function (c, i) { if (c.presence >= 0) wanted.push(i); });
  var groups = new Map();
  hits.forEach(function (hit, rank) {
    var doc = index.docs[hit.doc], terms = {}, found = [];
    for (var k = 0; k < wanted.length; k++) {
      var term = clauses[wanted[k]].term, has = scores[wanted[k]][hit.doc] > 0;
      if (has) found.push(term);
      if (has || !index.stop.has(term)) terms[term] = has;
    }
    var marked = rank < HIGHLIGHTED;
    var item = {
      location: doc.location,
      title: marked ? highlight(doc.title, found) : doc.title,
      text: marked ? highlight(doc.text, found) : doc.text,
      score: hit.score,
      terms: terms
    };
    var p = index.parent[hit.doc];
    var group = groups.get(p);
    if (!group) groups.set(p, group = []);
    group.push(item);
  });
  groups.forEach(function (group, p) {
    var article = index.docs[p];
    if (!group.some(function (item) { return item.location === article.location; }))
      group.push({ location: article.location, title: article.title, text: article.text, score: 0, terms: {} });
  });
  return { items: Array.from(groups.values()) };
}

addEventListener("message", function (ev) {
  var message = ev.data;
  switch (message.type) {
    case SETUP:
      index = prepare(message.data.config, message.data.docs);
      postMessage({ type: READY });
      break;
    case QUERY:
      var result;
      try {
        result = search(message.data);
      } catch (err) {
        console.warn("Invalid query: " + message.data);
        console.warn(err);
        result = { items: [] };
      }
      postMessage({ type: RESULT, data: result });
      break;
    default:
      throw new TypeError("Invalid message type");
  }
});
