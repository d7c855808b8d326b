var $x = 5
