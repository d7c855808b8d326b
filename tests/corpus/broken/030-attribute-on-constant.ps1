[ValidateNotNull()] 'text'
