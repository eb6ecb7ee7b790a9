# Stand-in for werkzeug (revision f37d509e221c takes http_date).
