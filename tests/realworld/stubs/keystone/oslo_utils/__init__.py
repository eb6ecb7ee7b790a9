# Stand-in for oslo.utils: timeutils.utcnow only.
