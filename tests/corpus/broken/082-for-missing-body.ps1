for (;;)
