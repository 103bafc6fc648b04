from accord.core.lru import BoundedCache


def test_entries_go_least_recently_used_first_by_their_weight():
    cache: BoundedCache[tuple[int, ...]] = BoundedCache(
        entries=10, size=100, weigh=lambda value: 5 * len(value)
    )
    five = (1, 2, 3, 4, 5)  # weighs 25
    for key in "ab":
        cache.put(key, five)
    assert cache.get("a") == five  # "b" is now the least recent
    cache.put("c", five)
    cache.put("d", five)  # 100: all kept
    assert cache.get("b") == five  # "a" is now the least recent
    cache.put("e", (1,))  # 105: "a" goes
    assert cache.get("a") is None
    assert [cache.get(k) for k in "bcde"] == [five, five, five, (1,)]


def test_a_value_heavier_than_a_quarter_of_the_size_is_not_kept():
    cache: BoundedCache[str] = BoundedCache(entries=10, size=100)
    cache.put("small", "x" * 25)
    cache.put("large", "x" * 26)
    assert cache.get("small") == "x" * 25
    assert cache.get("large") is None


def test_a_key_put_again_weighs_once():
    cache: BoundedCache[str] = BoundedCache(entries=10, size=100)
    for _ in range(10):
        cache.put("same", "x" * 20)
    cache.put("other", "y" * 20)
    assert cache.get("same") and cache.get("other")
