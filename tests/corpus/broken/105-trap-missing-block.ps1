trap
