#!/usr/bin/env python3
"""peer.py - a straightforward Python peer of `scd match`, the baseline of
the benchmark.

    bench/peer.py --root DIR [--sample K] [--times FILE] [--stage activator] [--top 10]

Reads the registry with PyYAML's C loader, then for every K-th problem (in
registry order: cities by file name, problems as listed; K=1: all) scores
every solution - a full scan, no index - with the same filters, scorers and
rule-set parameters as engine/rank.c, the same tokenizer, keyword phrases,
BM25 and classifier as engine/text.c, index.c and classify.c. Prints JSON
{city: {problem: [top solution ids]}}. --times writes the load, preparation
and per-problem times as JSON.

No validation: the registry is assumed valid (`scd validate` exits 0).
Floats the engine keeps in single precision (costs, reference populations,
BM25 accumulators, keyword weights) are rounded to float32 here too, so
scores agree to the last bit and ties break the same way.
"""
import argparse
import json
import math
import os
import re
import struct
import sys
import time

import yaml

NAN = float("nan")
_F32 = struct.Struct("f")


def f32(x):
    return _F32.unpack(_F32.pack(x))[0]


def c_round(x):
    """C round(): halves away from zero (Python's round() goes to even)."""
    r = math.floor(x)
    return r + 1.0 if x - r >= 0.5 else r


REGIONS = ["asia-pacific", "africa", "europe", "eurasia", "latin-america", "middle-east", "north-america"]
INCOME = ["low", "lower-middle", "upper-middle", "high"]
NETWORKS = ["fiber", "5g", "4g", "3g", "lorawan", "nb-iot", "wifi", "satellite"]
RELIABILITY = ["low", "medium", "high"]
HOSTING = ["cloud", "on-premise", "hybrid"]
RESIDENCY = ["in-country", "in-region", "none"]
FILTER_MODES = ["exclude", "penalty", "off"]
EXCLUDE, PENALTY, OFF = 0, 1, 2
STAGES = ["activator", "finder", "implementer"]
FILTERS = ["budget", "connectivity", "power", "hosting", "data-residency", "language", "region"]
SCORERS = ["domain", "text", "kpi", "capability", "budget", "context", "maturity", "timeline", "local"]

ISO_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine", "iso.c")


def _country_regions(path):
    """ISO 3166 code -> regional network, as engine/iso.c assigns them (read
    from its table rather than copied, so the two cannot drift apart)."""
    names = {"REGION_" + r.upper().replace("-", "_"): r for r in REGIONS}
    with open(path, encoding="utf-8") as f:
        rows = re.findall(r'\{ "([A-Z]{2})", "(?:[^"\\]|\\.)*", (REGION_[A-Z_]+) \}', f.read())
    if len(rows) < 200:
        sys.exit("peer.py: cannot read the country table of %s" % path)
    return {code: names[r] for code, r in rows}


COUNTRY_REGION = _country_regions(ISO_C)

# --- text (engine/text.c) ---------------------------------------------------------------
STOP_WORDS = frozenset("""
a about al als also an and any are as at au aux be been but by can ce ces cette como con cual dan das de
del des di do dos du e ee el em en es est et for from has have il in into is it its ke la las le les lo
los mais more most na no not o of on or os ou our par para pas per por pour qu que qui se ses sin so
some son su sur sus than that the their them there these they this to um un una une uno was we were
what when which who will with y yang you""".split())

_WORD = re.compile("[A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0300-\u036F\u1E00-\u1EFF"
                   "\uAC00-\uD7A3\u1100-\u11FF\u0370-\u052F\u0600-\u06FF\u0E00-\u0E7F\u4E00-\u9FFF]+")


def _fold_table():
    t = {}
    for cp in range(ord("A"), ord("Z") + 1):
        t[cp] = cp + 32
    for cp in range(0xC0, 0xDF):
        if cp != 0xD7:
            t[cp] = cp + 32
    for cp in range(0x100, 0x180):
        if not cp & 1 and cp != 0x130:
            t[cp] = cp + 1
    for cp in range(0x1EA0, 0x1EFA):
        if not cp & 1:
            t[cp] = cp + 1
    t[0x110] = 0x111
    for cp in range(0x391, 0x3AA):
        t[cp] = cp + 32
    for cp in range(0x410, 0x430):
        t[cp] = cp + 32
    return t


FOLD = _fold_table()


def _clip(word):
    """The engine's 256-byte word buffer takes a character while fewer than
    252 bytes are used; later characters of the word are dropped."""
    out, used = [], 0
    for ch in word:
        if used + 4 < 256:
            out.append(ch)
            used += len(ch.encode("utf-8"))
    return "".join(out)


def tokenize(s):
    """text_tokenize(keep_stop_words=1): every caller in the engine keeps them."""
    out = []
    for w in _WORD.findall(s.translate(FOLD)):
        ascii_ = w.isascii()
        n = len(w) if ascii_ else len(w.encode("utf-8"))
        if n >= 252:
            w = _clip(w)
            n = len(w.encode("utf-8"))
        if n >= 5 and w[-1] == "s" and w[-2] not in "sui" and ord(w[-2]) < 0x80:
            w = w[:-1]
            n -= 1
        if n == 1 and w.isascii() and not w.isdigit():
            continue
        out.append(w)
    return out


def is_hangul(tok):
    return 0xAC00 <= ord(tok[0]) <= 0xD7A3


# --- the registry -------------------------------------------------------------------------
def load_yaml(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=yaml.CSafeLoader)


def yaml_files(folder):
    if not os.path.isdir(folder):
        return []
    names = [n for n in os.listdir(folder) if not n.startswith(".") and (n.endswith(".yaml") or n.endswith(".yml"))]
    names.sort(key=lambda n: n.encode("utf-8"))
    return [os.path.join(folder, n) for n in names]


def num(v):
    return NAN if v is None else float(v)


def enum(names, v):
    return names.index(v) if v in names else -1


def boolean(v):
    return -1 if v is None else (1 if v else 0)


class Peer:
    def __init__(self, root):
        self.root = root
        rules = [load_yaml(p) for p in yaml_files(os.path.join(root, "rules"))]
        self.taxonomy = next(r for r in rules if r.get("kind") == "taxonomy")
        self.kpi_cat = next(r for r in rules if r.get("kind") == "kpi-catalogue")
        rates = next(r for r in rules if r.get("kind") == "currency-rates")
        rule_sets = [r for r in rules if r.get("kind") == "rule-set"]
        self.rule_set = next((r for r in rule_sets if r.get("id") == "default"), rule_sets[0])
        self.base = rates["base"]
        self.rates = {str(k): float(v) for k, v in rates["rates"].items()}
        self.vendors = {}
        for p in yaml_files(os.path.join(root, "vendors")):
            v = load_yaml(p)
            self.vendors[v["id"]] = v
        self.cities = [load_yaml(p) for p in yaml_files(os.path.join(root, "cities"))]
        self.solutions = [load_yaml(p) for p in yaml_files(os.path.join(root, "solutions"))]

    def to_base(self, amount, currency):
        if amount is None or currency is None or (isinstance(amount, float) and math.isnan(amount)):
            return NAN
        if currency == self.base:
            return float(amount)
        r = self.rates.get(currency)
        return float(amount) / r if r is not None else NAN

    # --- what index_build computes, without the index ---------------------------------------
    def prepare(self):
        tax = self.taxonomy
        self.domain_ids = [d["id"] for d in tax["domains"]]
        self.domain_names = [d["name"] for d in tax["domains"]]
        self.domain_index = {d: i for i, d in enumerate(self.domain_ids)}
        nd = len(self.domain_ids)
        self.parent, self.family = [], []
        for d in self.domain_ids:
            self.parent.append(self.domain_index.get(d.rsplit("/", 1)[0], -1) if "/" in d else -1)
            self.family.append(self.domain_index.get(d.split("/", 1)[0], -1) if "/" in d else None)
        self.family = [i if f is None or f < 0 else f for i, f in enumerate(self.family)]
        self.cap_index, self.cap_domain = {}, []
        for i, d in enumerate(tax["domains"]):
            for c in d.get("capabilities") or []:
                self.cap_index[c] = len(self.cap_domain)
                self.cap_domain.append(i)
        self.kpi_index = {k["id"]: i for i, k in enumerate(self.kpi_cat["kpis"])}
        self.kpi_domain = [self.domain_index.get(k.get("domain"), -1) for k in self.kpi_cat["kpis"]]
        # Keyword phrases: phrase -> [(domain, weight)], weights in float32.
        self.keywords, self.max_phrase = {}, 0
        for i, d in enumerate(tax["domains"]):
            for words in (d.get("keywords") or {}).values():
                for w in words:
                    self._add_keyword(str(w), i)
            self._add_keyword(d["name"], i)
        for hits in self.keywords.values():
            n = f32(len(hits))
            for h in hits:
                h[1] = f32(h[1] / n)
        self.concept = ["@" + d for d in self.domain_ids]
        self._prepare_params()
        self._prepare_solutions(nd)

    def _add_keyword(self, phrase, domain):
        toks = tokenize(phrase)
        key = " ".join(toks)
        if not toks or not key:
            return
        hits = self.keywords.setdefault(key, [])
        if any(h[0] == domain for h in hits):
            return
        hits.append([domain, f32(1.0 + 0.5 * (len(toks) - 1))])
        self.max_phrase = max(self.max_phrase, len(toks))

    def keyword_scores(self, toks, score):
        """index_keyword_scores: each phrase counts once per text."""
        kw, seen = self.keywords, set()
        n = len(toks)
        for i in range(n):
            key = None
            for k in range(min(self.max_phrase, n - i)):
                key = toks[i] if k == 0 else key + " " + toks[i + k]
                hits = kw.get(key)
                if hits is not None and key not in seen:
                    seen.add(key)
                    for d, w in hits:
                        score[d] += w
            t = toks[i]
            if is_hangul(t):
                for c in range(len(t) - 1, 1, -1):
                    hits = kw.get(t[:c])
                    if hits is not None:
                        if t[:c] not in seen:
                            seen.add(t[:c])
                            for d, w in hits:
                                score[d] += w
                        break
        return len(seen)

    def _prepare_solutions(self, nd):
        self.sols = []
        df = {}
        dom_tf = [dict() for _ in range(nd)]
        dom_total = [0.0] * nd
        total_len = 0
        for s in self.solutions:
            f = self._features(s)
            # Text, as index_text builds it.
            parts = ["%s. %s. %s." % (s["name"], s["summary"], s["description"])]
            for c in s["capabilities"]:
                parts.append(" " + c.replace("-", " "))
            for d in f["domains"]:
                parts.append(". " + self.domain_names[d])
            toks = tokenize("".join(parts))
            tf = {}
            doc_len = 0
            for t in toks:
                if t in STOP_WORDS:
                    continue
                tf[t] = tf.get(t, 0) + 1
                doc_len += 1
            kw = [0.0] * nd
            self.keyword_scores(toks, kw)
            for d in f["domains"]:
                kw[d] += 2
            for d in range(nd):
                if kw[d] > 0:
                    tf[self.concept[d]] = math.ceil(kw[d])
            f["tf"] = tf
            f["doc_len"] = doc_len
            total_len += doc_len
            for t, c in tf.items():
                df[t] = df.get(t, 0) + 1
                for d in f["domains"]:
                    m = dom_tf[d]
                    m[t] = m.get(t, 0) + c
                    dom_total[d] += c
            self.sols.append(f)
        self.df = df
        self.n_terms = len(df)
        self.dom_tf, self.dom_total = dom_tf, dom_total
        self.avg_doc_len = total_len / len(self.sols) if self.sols else 1.0

    def _features(self, s):
        cost = s["cost"]
        cur = cost.get("currency")
        req = s["requirements"]
        pilot = s["pilot"]
        mat = s["maturity"]
        v = self.vendors.get(s["vendor"])
        local = None
        if v is not None:
            local = {v["country"]} | set(v.get("presence") or []) | {p["country"] for p in v.get("local_partners") or []}
        tob = lambda x: self.to_base(x, cur) if x is not None else NAN
        regions = 0
        for r in s.get("regions_served") or []:
            regions |= 1 << REGIONS.index(r)
        net = 0
        for n in req.get("connectivity") or []:
            net |= 1 << NETWORKS.index(n)
        refs = []
        for r in s.get("references") or []:
            refs.append((f32(r["population"]), enum(INCOME, r.get("income_level")), r.get("country") or ""))
        return {
            "id": s["id"],
            "domains": [self.domain_index[d] for d in s["domains"] if d in self.domain_index],
            "caps": sorted(self.cap_index[c] for c in s["capabilities"] if c in self.cap_index),
            "kpis": [(self.kpi_index[k["kpi"]], k["change"]) for k in s.get("kpis_improved") or []
                     if k["kpi"] in self.kpi_index],
            "refs": refs,
            "net": net,
            "regions": regions,
            "power": enum(RELIABILITY, req.get("power")),
            "hosting": enum(HOSTING, req.get("hosting")),
            "cloud_countries": list(req.get("cloud_countries") or []),
            "languages": list(req.get("languages") or []),
            "local": local,
            "capex_fixed": tob(cost.get("capex_fixed")),
            "capex_per_unit": tob(cost.get("capex_per_unit")),
            "units_per_100k": num(cost.get("units_per_100k")),
            "opex_year": tob(cost.get("opex_per_year")),
            "opex_per_unit_year": tob(cost.get("opex_per_unit_year")),
            "pilot_units": num(pilot.get("minimum_units")),
            "trl": f32(mat["trl"]),
            "deployments": f32(mat["deployments"]),
            "pilot_months": f32(pilot["duration_months"]),
        }

    # --- rank_params_init -------------------------------------------------------------------
    def _prepare_params(self, stage="activator"):
        rs = self.rule_set
        sp = rs.get(stage) or {}
        p = {
            "top": int(sp.get("top", 10)), "min_score": num(sp.get("min_score", 0)),
            "horizon": num(rs.get("horizon_years")), "mode": [OFF] * len(FILTERS), "penalty": [0.0] * len(FILTERS),
            "capex_tol": 0.0, "opex_tol": 0.0, "weight": [0.0] * len(SCORERS),
            "parent_credit": 0.6, "child_credit": 0.8, "sibling_credit": 0.25,
            "k1": 1.2, "b": 0.75, "saturation": 8.0, "comfort_share": 0.5,
            "population_weight": 0.4, "income_weight": 0.4, "region_weight": 0.2,
            "trl_weight": 0.6, "deployments_half": 10.0, "country_credit": 1.0, "region_credit": 0.5,
        }

        def param(items, name, fallback):
            v = (items or {}).get(name)
            return fallback if v is None or math.isnan(float(v)) else float(v)

        for fr in rs.get("filters") or []:
            if fr["name"] in FILTERS:
                f = FILTERS.index(fr["name"])
                p["mode"][f] = FILTER_MODES.index(fr["mode"])
                p["penalty"][f] = num(fr.get("penalty")) if fr.get("penalty") is not None else 0.0
                if f == 0:
                    p["capex_tol"] = param(fr.get("params"), "capex_tolerance", 0.0)
                    p["opex_tol"] = param(fr.get("params"), "opex_tolerance", 0.0)
        names = {"domain": ["parent_credit", "child_credit", "sibling_credit"], "text": ["k1", "b", "saturation"],
                 "budget": ["comfort_share"], "context": ["population_weight", "income_weight", "region_weight"],
                 "maturity": ["trl_weight", "deployments_half"], "local": ["country_credit", "region_credit"]}
        for sr in rs.get("scorers") or []:
            if sr["name"] in SCORERS:
                p["weight"][SCORERS.index(sr["name"])] = num(sr.get("weight"))
            for key in names.get(sr["name"], []):
                p[key] = param(sr.get("params"), key, p[key])
        for name, mode in (sp.get("filters") or {}).items():
            if name in FILTERS:
                f = FILTERS.index(name)
                p["mode"][f] = FILTER_MODES.index(mode)
                if p["mode"][f] == PENALTY and p["penalty"][f] <= 0:
                    p["penalty"][f] = 10.0
        for name, w in (sp.get("weights") or {}).items():
            if name in SCORERS:
                p["weight"][SCORERS.index(name)] = float(w)
        ws = 0.0
        for w in p["weight"]:
            ws += w
        p["weight_sum"] = ws
        self.p = p

    # --- classify.c -------------------------------------------------------------------------
    def naive_bayes(self, toks, nd):
        logp = [0.0] * nd
        post = [0.0] * nd
        if not self.n_terms:
            return post
        used = 0
        denom = [self.dom_total[d] + 0.1 * self.n_terms for d in range(nd)]
        for t in toks:
            if t in STOP_WORDS or t not in self.df:
                continue
            used += 1
            for d in range(nd):
                logp[d] += math.log((self.dom_tf[d].get(t, 0) + 0.1) / denom[d])
        if not used:
            return post
        best = -math.inf
        for d in range(nd):
            if self.dom_total[d] > 0 and logp[d] > best:
                best = logp[d]
        total = 0.0
        for d in range(nd):
            if self.dom_total[d] > 0:
                post[d] = math.exp(logp[d] - best)
                total += post[d]
        for d in range(nd):
            post[d] = post[d] / total if total > 0 else 0.0
        return post

    def classify(self, title, text):
        nd = len(self.domain_ids)
        title = title or ""
        toks = tokenize("%s. %s. %s" % (title, title, text or ""))
        kw = [0.0] * nd
        self.keyword_scores(toks, kw)
        post = self.naive_bayes(toks, nd)
        score = [0.0] * nd
        total = 0.0
        fam = self.family
        for d in range(nd):
            own = kw[d] + 0.5 * post[d]
            score[d] += own
            if fam[d] != d:
                score[fam[d]] += own
            total += own
        fam_best = -1
        for d in range(nd):
            if fam[d] != d or score[d] <= 0:
                continue
            if fam_best < 0 or score[d] > score[fam_best]:
                fam_best = d
        if fam_best < 0:
            return -1
        own_total = 0.0
        for d in range(nd):
            if fam[d] == fam_best and d != fam_best:
                own_total += kw[d] + 0.5 * post[d]
        if own_total <= 0:
            return fam_best
        best, best_own = -1, 0.0
        for d in range(nd):
            own = kw[d] + 0.5 * post[d]
            if fam[d] != fam_best or d == fam_best or own <= 0:
                continue
            if own > best_own:
                best, best_own = d, own
        return best

    # --- rank.c -------------------------------------------------------------------------------
    def is_ancestor(self, ancestor, d):
        d = self.parent[d]
        while d >= 0:
            if d == ancestor:
                return True
            d = self.parent[d]
        return False

    def rank(self, city, problem):
        p = self.p
        nd = len(self.domain_ids)
        dom = self.domain_index.get(problem.get("domain"), -1) if problem.get("domain") else -1
        if dom < 0:
            dom = self.classify(problem.get("title"), problem.get("description"))
        # ctx_init
        cur = city["budget"]["currency"]
        cons = problem.get("constraints") or {}
        city_net = 0
        for n in (city.get("infrastructure") or {}).get("connectivity") or []:
            city_net |= 1 << NETWORKS.index(n)
        capex_limit = self.to_base(city["budget"]["capex_ceiling"], cur)
        if cons.get("max_capex") is not None:
            capex_limit = min(capex_limit, self.to_base(cons["max_capex"], cur))
        opex_limit = self.to_base(city["budget"]["opex_per_year"], cur)
        req_caps = [self.cap_index[c] for c in problem.get("required_capabilities") or [] if c in self.cap_index]
        kpis = [self.kpi_index[k["id"]] for k in problem.get("kpis") or [] if k["id"] in self.kpi_index]
        infra = city.get("infrastructure") or {}
        have_power = enum(RELIABILITY, infra.get("power_reliability"))
        dc, cloud = boolean(infra.get("data_centre")), boolean(infra.get("cloud_allowed"))
        need = enum(RESIDENCY, cons.get("data_residency"))
        deadline = num(cons.get("deadline_months"))
        country, region = city["country"], REGIONS.index(city["region"])
        region_bit = 1 << region
        city_langs = city.get("languages") or []
        population = float(city["population"])
        income = INCOME.index(city["income_level"])
        horizon = p["horizon"]

        # The query: problem text plus required capabilities, then concept terms.
        text = "%s. %s" % (problem["title"], problem["description"])
        for c in problem.get("required_capabilities") or []:
            text += " " + c.replace("-", " ")
        toks = tokenize(text)
        query, qpos = [], {}
        for t in toks:
            if t in STOP_WORDS or t not in self.df:
                continue
            if t in qpos:
                query[qpos[t]][1] += 1
            else:
                qpos[t] = len(query)
                query.append([t, 1.0])
        kw = [0.0] * nd
        self.keyword_scores(toks, kw)
        for d in range(nd):
            if kw[d] <= 0:
                continue
            t = self.concept[d]
            if t not in self.df:
                continue
            if t in qpos:
                query[qpos[t]][1] += 2.0 * kw[d]
            else:
                qpos[t] = len(query)
                query.append([t, 2.0 * kw[d]])
        n_sols = float(len(self.sols))
        k1, b, avg = p["k1"], p["b"], self.avg_doc_len
        qterms = []
        for t, qtf in query:
            dfv = float(self.df[t])
            qterms.append((t, math.log(1 + (n_sols - dfv + 0.5) / (dfv + 0.5)), min(qtf, 3.0)))

        mode, penalty, weight = p["mode"], p["penalty"], p["weight"]
        ws, min_score = p["weight_sum"], p["min_score"]
        parent, family = self.parent, self.family
        results = []
        for f in self.sols:
            # BM25, accumulated in float32 in query order as compute_bm25 does.
            tf = f["tf"]
            acc = 0.0
            for t, idf, qw in qterms:
                c = tf.get(t)
                if c is not None:
                    norm = c * (k1 + 1) / (c + k1 * (1 - b + b * f["doc_len"] / avg))
                    acc = f32(acc + f32(idf * norm * qw))
            # Cost estimate (rank_estimate_cost).
            units = 0.0
            cpu, opu = f["capex_per_unit"], f["opex_per_unit_year"]
            if not math.isnan(cpu) or not math.isnan(opu):
                if not math.isnan(f["units_per_100k"]):
                    units = float(math.ceil(f["units_per_100k"] * population / 100000.0))
                elif not math.isnan(f["pilot_units"]):
                    units = f["pilot_units"]
            capex = f["capex_fixed"] + (0 if math.isnan(cpu) else cpu * units)
            opex = f["opex_year"] + (0 if math.isnan(opu) else opu * units)
            tco = capex + opex * horizon

            # Filters, in table order.
            excluded = False
            pen = 0.0
            for k in range(7):
                m = mode[k]
                if m == OFF:
                    continue
                if k == 0:
                    fails = ((not math.isnan(capex_limit) and capex > capex_limit * (1 + p["capex_tol"])) or
                             (not math.isnan(opex_limit) and opex > opex_limit * (1 + p["opex_tol"])))
                elif k == 1:
                    fails = f["net"] != 0 and not (f["net"] & city_net)
                elif k == 2:
                    fails = not (f["power"] < 0 or have_power < 0 or f["power"] <= have_power)
                elif k == 3:
                    h = f["hosting"]
                    fails = ((h == 1 and dc == 0) or (h == 0 and cloud == 0) or (h == 2 and dc == 0 and cloud == 0))
                elif k == 4:
                    stay_home = f["hosting"] != 0 and dc != 0
                    if need < 0 or need == 2 or stay_home:
                        fails = False
                    elif need == 0:
                        fails = country not in f["cloud_countries"]
                    else:
                        where = f["cloud_countries"]
                        fails = not where or any(COUNTRY_REGION.get(w) != city["region"] for w in where)
                elif k == 5:
                    speaks = f["languages"]
                    fails = bool(speaks) and not any(l in city_langs for l in speaks)
                else:
                    fails = not (f["regions"] & region_bit)
                if not fails:
                    continue
                if m == EXCLUDE:
                    excluded = True
                elif m == PENALTY:
                    pen += penalty[k]
            if excluded:
                continue

            total = 0.0
            for k in range(9):
                w = weight[k]
                if w <= 0:
                    continue
                if k == 0:  # domain
                    v = 0.0
                    if dom >= 0:
                        for d in f["domains"]:
                            if d == dom:
                                x = 1.0
                            elif self.is_ancestor(dom, d):
                                x = p["child_credit"]
                            elif self.is_ancestor(d, dom):
                                x = p["parent_credit"]
                            elif parent[d] >= 0 and parent[d] == parent[dom]:
                                x = p["sibling_credit"]
                            else:
                                x = 0.0
                            if x > v:
                                v = x
                elif k == 1:  # text
                    v = acc / (acc + p["saturation"])
                elif k == 2:  # kpi
                    if not kpis:
                        v = 0.0
                        if dom >= 0:
                            for kk, _ in f["kpis"]:
                                d = self.kpi_domain[kk]
                                if d >= 0 and family[d] == family[dom]:
                                    v = 1.0
                                    break
                    else:
                        have = {kk for kk, _ in f["kpis"]}
                        v = sum(1 for kk in kpis if kk in have) / len(kpis)
                elif k == 3:  # capability
                    if not req_caps:
                        v = 0.0
                        if dom >= 0:
                            covered = 0
                            for cap in f["caps"]:
                                owner = self.cap_domain[cap]
                                covered += (owner == dom or self.is_ancestor(owner, dom) or
                                            self.is_ancestor(dom, owner))
                            v = 1.0 if covered >= 2 else covered * 0.5
                    else:
                        have = set(f["caps"])
                        v = sum(1 for cap in req_caps if cap in have) / len(req_caps)
                elif k == 4:  # budget
                    capacity = capex_limit + opex_limit * horizon
                    if math.isnan(capacity) or capacity <= 0 or math.isnan(tco):
                        v = 0.0
                    else:
                        share = tco / capacity
                        cs = p["comfort_share"]
                        v = 1.0 if share <= cs else 0.0 if share >= 1 else (1 - share) / (1 - cs)
                elif k == 5:  # context
                    v = 0.0
                    for rpop, rinc, rcountry in f["refs"]:
                        pop = 1 - abs(math.log10(max(rpop, 1.0) / max(population, 1.0))) / 1.5
                        inc = 0.5 if rinc < 0 else 1 - abs(float(rinc - income)) / 3
                        same = 1.0 if rcountry == country else 0.0
                        x = p["population_weight"] * max(pop, 0.0) + p["income_weight"] * inc + p["region_weight"] * same
                        if x > v:
                            v = x
                    v = min(v, 1.0)
                elif k == 6:  # maturity
                    trl = 0.0 if math.isnan(f["trl"]) else (f["trl"] - 1) / 8
                    dep = 0.0 if math.isnan(f["deployments"]) else f["deployments"] / (f["deployments"] + p["deployments_half"])
                    v = p["trl_weight"] * trl + (1 - p["trl_weight"]) * dep
                elif k == 7:  # timeline
                    m, d = f["pilot_months"], deadline
                    if math.isnan(m):
                        v = 0.0
                    elif math.isnan(d):
                        v = min(1.0, max(0.3, 1 - (m - 6) / 18))
                    elif m > d:
                        v = 0.0
                    else:
                        v = 1.0 if m <= d / 2 else max(0.2, 1 - 0.8 * (m - d / 2) / (d / 2))
                else:  # local
                    if f["local"] is not None and country in f["local"]:
                        v = p["country_credit"]
                    elif f["regions"] & region_bit:
                        v = p["region_credit"]
                    else:
                        v = 0.0
                total += w * v
            score = 100 * total / ws if ws > 0 else 0.0
            score = max(0.0, score - pen)
            score = c_round(score * 100) / 100
            if score >= min_score:
                results.append((-score, f["id"]))
        results.sort()
        return [sid for _, sid in results[: p["top"]]]


def main():
    ap = argparse.ArgumentParser(description="Python peer of scd match (full scan).")
    ap.add_argument("--root", required=True)
    ap.add_argument("--sample", type=int, default=1, help="rank every K-th problem (default 1: all)")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--times", help="write timings as JSON to this file")
    a = ap.parse_args()

    t0 = time.monotonic()
    peer = Peer(a.root)
    t1 = time.monotonic()
    peer.prepare()
    peer.p["top"] = a.top
    t2 = time.monotonic()
    out, per_problem = {}, []
    k = 0
    total = 0
    for city in peer.cities:
        for prob in city["problems"]:
            total += 1
            k += 1
            if (k - 1) % a.sample:
                continue
            s = time.monotonic()
            top = peer.rank(city, prob)
            # str(): PyYAML reads an id such as 112 as a number.
            per_problem.append([str(city["id"]), str(prob["id"]), time.monotonic() - s])
            out.setdefault(str(city["id"]), {})[str(prob["id"])] = top
    t3 = time.monotonic()
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    if a.times:
        with open(a.times, "w") as f:
            json.dump({"load_seconds": t1 - t0, "prepare_seconds": t2 - t1, "rank_seconds": t3 - t2,
                       "problems_total": total, "problems_ranked": len(per_problem), "sample": a.sample,
                       "solutions": len(peer.sols), "per_problem": per_problem}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
