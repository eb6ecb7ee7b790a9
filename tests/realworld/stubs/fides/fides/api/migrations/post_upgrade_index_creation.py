# Stand-in: 3ff6449c099e creates its index inline below this row count.
INDEX_ROW_COUNT_THRESHOLD = 1000000
