<#
    Renders nginx site configs from a template and a CSV of virtual hosts.
    Tokens look like {{NAME}} and are replaced from each row plus defaults.
#>

param(
    [string] $HostsCsv = "./vhosts.csv",
    [string] $OutDir   = "./sites-available",
    [switch] $Reload
)

$defaults = [ordered]@{
    LISTEN      = 443
    CERT_DIR    = '/etc/ssl/private'
    UPSTREAM    = '127.0.0.1:8080'
    MAX_BODY    = '10m'
    LOG_DIR     = '/var/log/nginx'
}

$template = @'
server {
    listen {{LISTEN}} ssl http2;
    server_name {{SERVER_NAME}};

    ssl_certificate     {{CERT_DIR}}/{{SERVER_NAME}}.crt;
    ssl_certificate_key {{CERT_DIR}}/{{SERVER_NAME}}.key;

    client_max_body_size {{MAX_BODY}};
    access_log {{LOG_DIR}}/{{SERVER_NAME}}.access.log;

    location / {
        proxy_pass http://{{UPSTREAM}};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
}
'@

function Expand-Template {
    param(
        [Parameter(Mandatory)] [string] $Text,
        [Parameter(Mandatory)] [hashtable] $Values
    )
    $result = $Text
    foreach ($k in $Values.Keys) {
        $result = $result -replace "\{\{$k\}\}", [string]$Values[$k]
    }
    $leftover = [regex]::Matches($result, '\{\{(\w+)\}\}') | ForEach-Object { $_.Groups[1].Value } | Select-Object -Unique
    if ($leftover) {
        throw "Unresolved tokens: $($leftover -join ', ')"
    }
    $result
}

New-Item -ItemType Directory -Path $OutDir -Force | Out-Null
$written = 0

foreach ($row in Import-Csv $HostsCsv) {
    $values = @{}
    $defaults.GetEnumerator() | ForEach-Object { $values[$_.Key] = $_.Value }
    $row.PSObject.Properties | Where-Object { $_.Value } | ForEach-Object {
        $values[$_.Name.ToUpper()] = $_.Value
    }

    try {
        $rendered = Expand-Template -Text $template -Values $values
    }
    catch {
        Write-Warning "Skipping $($row.server_name): $_"
        continue
    }

    $target = Join-Path $OutDir "$($row.server_name).conf"
    $existing = if (Test-Path $target) { Get-Content $target -Raw } else { '' }
    if ($existing -ne $rendered) {
        Set-Content -Path $target -Value $rendered -NoNewline
        $written++
        Write-Host "updated $target"
    }
}

if ($written -gt 0 -and $Reload) {
    sudo nginx -t 2>&1 | Write-Verbose
    if ($LASTEXITCODE -eq 0) {
        sudo systemctl reload nginx && Write-Host 'nginx reloaded'
    } else {
        Write-Error 'nginx config test failed; not reloading'
    }
}

"{0} file(s) changed" -f $written
