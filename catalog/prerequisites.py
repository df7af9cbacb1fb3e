"""The skill prerequisite graph: cycle detection and prerequisite-first ordering."""

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _


def prerequisite_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """Return one cycle as a closed list of nodes (``[a, b, a]``), or None when acyclic.

    ``graph`` maps each node to the nodes it requires.
    """
    unvisited, on_path, done = 0, 1, 2
    state: dict[str, int] = {}
    for start in sorted(graph):
        if state.get(start, unvisited) != unvisited:
            continue
        path = [start]
        state[start] = on_path
        stack = [iter(sorted(graph.get(start, ())))]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                state[path.pop()] = done
                continue
            node_state = state.get(node, unvisited)
            if node_state == on_path:
                return [*path[path.index(node) :], node]
            if node_state == unvisited:
                state[node] = on_path
                path.append(node)
                stack.append(iter(sorted(graph.get(node, ()))))
    return None


def prerequisite_closure(graph: Mapping[str, Iterable[str]], nodes: Iterable[str]) -> set[str]:
    """The given nodes and everything they require, directly or not."""
    seen: set[str] = set()
    pending = list(nodes)
    while pending:
        node = pending.pop()
        if node not in seen:
            seen.add(node)
            pending.extend(graph.get(node, ()))
    return seen


def cycle_message(cycle: list[str]) -> str:
    return _("Prerequisite cycle: %(skills)s") % {"skills": " → ".join(cycle)}
