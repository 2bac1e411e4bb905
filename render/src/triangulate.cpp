#include "brink/render/triangulate.hpp"

#include <algorithm>
#include <cmath>

namespace brink::render {

namespace {

struct Node {
    Vec2 p;
    std::uint32_t i = 0;  // index of the input vertex
    int prev = -1, next = -1;
};

class EarClipper {
public:
    std::vector<Node> nodes;
    std::vector<std::uint32_t> out;

    // Links a ring into a circular list in the wanted orientation; returns a node or -1.
    int link(const Ring& r, std::uint32_t first, bool wantCcw) {
        if (r.size() < 3) return -1;
        const bool isCcw = signedArea2(r) > 0;
        const std::size_t n = r.size();
        int head = -1, last = -1;
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t j = (isCcw == wantCcw) ? k : n - 1 - k;
            if (last >= 0 && nodes[static_cast<std::size_t>(last)].p == r[j]) continue;  // repeated point
            nodes.push_back({r[j], first + static_cast<std::uint32_t>(j), last, -1});
            const int id = static_cast<int>(nodes.size()) - 1;
            if (last >= 0) at(last).next = id;
            else head = id;
            last = id;
        }
        if (last >= 0 && head != last && at(head).p == at(last).p) {  // closing repeat
            const int before = at(last).prev;
            at(before).next = -1;
            last = before;
        }
        at(last).next = head;
        at(head).prev = last;
        return head;
    }

    Node& at(int id) { return nodes[static_cast<std::size_t>(id)]; }

    // Whether the direction a -> b points into the polygon at a.
    bool locallyInside(int a, Vec2 b) {
        const Vec2 pa = at(at(a).prev).p, p = at(a).p, pn = at(at(a).next).p;
        if (cross(pa, p, pn) >= 0) return cross(pa, p, b) >= 0 && cross(p, pn, b) >= 0;
        return cross(pa, p, b) >= 0 || cross(p, pn, b) >= 0;
    }

    static bool inTriangle(Vec2 a, Vec2 b, Vec2 c, Vec2 p) {
        return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
    }

    // Joins a hole (clockwise) into the outer list through its right-most vertex.
    void bridge(int hole, int outer) {
        int m = hole;
        for (int h = at(hole).next; h != hole; h = at(h).next) {
            if (at(h).p.x > at(m).p.x || (at(h).p.x == at(m).p.x && at(h).p.y < at(m).p.y)) m = h;
        }
        const Vec2 M = at(m).p;
        // nearest edge of the outer list hit by a ray from M towards +x
        double bestX = INFINITY;
        int edge = -1;
        int o = outer;
        do {
            const Vec2 a = at(o).p, b = at(at(o).next).p;
            if ((a.y <= M.y && b.y >= M.y) || (a.y >= M.y && b.y <= M.y)) {
                if (a.y != b.y) {
                    const double x = a.x + (M.y - a.y) * (b.x - a.x) / (b.y - a.y);
                    if (x >= M.x && x < bestX) {
                        bestX = x;
                        edge = o;
                    }
                } else if (std::max(a.x, b.x) >= M.x && std::max(a.x, b.x) < bestX) {
                    bestX = std::max(M.x, std::min(a.x, b.x));
                    edge = o;
                }
            }
            o = at(o).next;
        } while (o != outer);
        int target = -1;
        if (edge >= 0) {
            const int a = edge, b = at(edge).next;
            const Vec2 I{bestX, M.y};
            target = at(a).p.x > at(b).p.x ? a : b;
            if (at(a).p == I) target = a;
            else if (at(b).p == I) target = b;
            else {
                // a vertex inside the triangle M, I, P hides P from M: take the one closest
                // in angle to the ray
                const Vec2 P = at(target).p;
                double bestTan = INFINITY, bestDist = INFINITY;
                const int P0 = target;
                int v = outer;
                do {
                    const Vec2 q = at(v).p;
                    if (v != P0 && q.x >= M.x && !(q == M) &&
                        (M.y < P.y ? inTriangle(M, I, P, q) : inTriangle(M, P, I, q))) {
                        const double tan = std::abs(q.y - M.y) / std::max(q.x - M.x, 1e-300);
                        const double dist = length(q - M);
                        if ((tan < bestTan || (tan == bestTan && dist < bestDist)) && locallyInside(v, M)) {
                            bestTan = tan;
                            bestDist = dist;
                            target = v;
                        }
                    }
                    v = at(v).next;
                } while (v != outer);
            }
        } else {
            // no edge to the right (a hole outside its ring): join the nearest vertex
            double best = INFINITY;
            int v = outer;
            do {
                const double d = length(at(v).p - M);
                if (d < best) best = d, target = v;
                v = at(v).next;
            } while (v != outer);
        }
        // of several vertices at the same place, the one whose corner opens towards M
        int v = outer;
        do {
            if (at(v).p == at(target).p && locallyInside(v, M)) {
                target = v;
                break;
            }
            v = at(v).next;
        } while (v != outer);
        split(target, m);
    }

    // Connects a and b with a two-way edge (duplicating both), as a bridge.
    void split(int a, int b) {
        nodes.push_back(at(a));
        const int a2 = static_cast<int>(nodes.size()) - 1;
        nodes.push_back(at(b));
        const int b2 = static_cast<int>(nodes.size()) - 1;
        const int an = at(a).next, bp = at(b).prev;
        at(a).next = b;
        at(b).prev = a;
        at(a2).next = an;
        at(an).prev = a2;
        at(b2).next = a2;
        at(a2).prev = b2;
        at(bp).next = b2;
        at(b2).prev = bp;
    }

    bool isEar(int e) {
        const int a = at(e).prev, c = at(e).next;
        const Vec2 pa = at(a).p, pb = at(e).p, pc = at(c).p;
        if (cross(pa, pb, pc) <= 0) return false;
        const double x0 = std::min({pa.x, pb.x, pc.x}), x1 = std::max({pa.x, pb.x, pc.x});
        const double y0 = std::min({pa.y, pb.y, pc.y}), y1 = std::max({pa.y, pb.y, pc.y});
        for (int v = at(c).next; v != a; v = at(v).next) {
            const Vec2 q = at(v).p;
            if (q.x < x0 || q.x > x1 || q.y < y0 || q.y > y1) continue;
            if (q == pa || q == pb || q == pc) continue;
            if (inTriangle(pa, pb, pc, q) && cross(at(at(v).prev).p, q, at(at(v).next).p) <= 0) return false;
        }
        return true;
    }

    void emit(int a, int b, int c) {
        out.push_back(at(a).i);
        out.push_back(at(b).i);
        out.push_back(at(c).i);
    }

    void unlink(int v) {
        at(at(v).prev).next = at(v).next;
        at(at(v).next).prev = at(v).prev;
    }

    // Drops repeated and collinear vertices; returns a remaining node.
    int filter(int start) {
        int v = start;
        bool again = true;
        while (again) {
            again = false;
            v = start;
            do {
                if (at(v).next == at(v).prev) return v;
                const Vec2 a = at(at(v).prev).p, p = at(v).p, b = at(at(v).next).p;
                if (p == b || cross(a, p, b) == 0) {
                    unlink(v);
                    start = at(v).prev;
                    again = true;
                    break;
                }
                v = at(v).next;
            } while (v != start);
        }
        return start;
    }

    void clip(int ear) {
        int stop = ear;
        int pass = 0;
        while (at(ear).prev != at(ear).next) {
            const int prev = at(ear).prev, next = at(ear).next;
            if (isEar(ear) || (pass >= 2 && cross(at(prev).p, at(ear).p, at(next).p) > 0) || pass >= 3) {
                if (cross(at(prev).p, at(ear).p, at(next).p) > 0) emit(prev, ear, next);
                unlink(ear);
                ear = at(next).next;
                stop = ear;
                pass = 0;
                continue;
            }
            ear = next;
            if (ear == stop) {
                // no ear in a whole turn: first drop degenerate vertices, then clip the
                // first convex corner, then any corner, so the loop always ends
                if (pass == 0) ear = filter(ear);
                ++pass;
                stop = ear;
            }
        }
    }
};

}  // namespace

std::vector<std::uint32_t> triangulate(const Polygon& polygon) {
    EarClipper ec;
    std::size_t total = polygon.outer.size();
    for (const Ring& h : polygon.holes) total += h.size();
    ec.nodes.reserve(total * 2 + 8);
    int outer = ec.link(polygon.outer, 0, true);
    if (outer < 0) return {};
    std::vector<std::pair<double, int>> holes;
    auto first = static_cast<std::uint32_t>(polygon.outer.size());
    for (const Ring& h : polygon.holes) {
        const int head = ec.link(h, first, false);
        first += static_cast<std::uint32_t>(h.size());
        if (head < 0) continue;
        double mx = -INFINITY;
        int v = head;
        do {
            mx = std::max(mx, ec.at(v).p.x);
            v = ec.at(v).next;
        } while (v != head);
        holes.emplace_back(mx, head);
    }
    // right-most holes first, so each bridge sees the holes already joined
    std::stable_sort(holes.begin(), holes.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [x, head] : holes) ec.bridge(head, outer);
    ec.out.reserve(total * 3);
    ec.clip(ec.filter(outer));
    return std::move(ec.out);
}

}  // namespace brink::render
