$s = @" extra
body
"@
