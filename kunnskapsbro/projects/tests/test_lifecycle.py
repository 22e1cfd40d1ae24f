from kunnskapsbro.projects import lifecycle
from kunnskapsbro.projects.models import ProjectStatus as S


def test_every_status_has_a_row_in_the_table():
    assert set(lifecycle.TRANSITIONS) == set(S.values)


def test_the_main_path_of_design_md_is_allowed():
    path = [S.IDEA, S.ASSESSMENT, S.PREPARING, S.SUBMITTED, S.GRANTED, S.ACTIVE, S.COMPLETED]
    for a, b in zip(path, path[1:], strict=False):
        assert lifecycle.is_allowed(a, b), (a, b)


def test_branches_and_shortcuts():
    assert lifecycle.is_allowed(S.ASSESSMENT, S.DECLINED)
    assert lifecycle.is_allowed(S.SUBMITTED, S.REJECTED)
    assert lifecycle.is_allowed(S.IDEA, S.ACTIVE)  # no application
    assert lifecycle.is_allowed(S.REJECTED, S.PREPARING)  # resubmission


def test_withdrawn_and_terminated_from_every_open_state_only():
    for status in S.values:
        expected = status in lifecycle.OPEN_STATES
        assert lifecycle.is_allowed(status, S.WITHDRAWN) is expected, status
        assert lifecycle.is_allowed(status, S.TERMINATED) is expected, status


def test_closed_states_are_final_except_resubmission():
    for status in lifecycle.CLOSED_STATES - {S.REJECTED}:
        assert lifecycle.allowed_targets(status) == []


def test_illegal_jumps():
    assert not lifecycle.is_allowed(S.IDEA, S.COMPLETED)
    assert not lifecycle.is_allowed(S.IDEA, S.GRANTED)
    assert not lifecycle.is_allowed(S.COMPLETED, S.ACTIVE)
    assert not lifecycle.is_allowed(S.SUBMITTED, S.ACTIVE)
