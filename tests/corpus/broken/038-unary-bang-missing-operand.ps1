$ok = !
