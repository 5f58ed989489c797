BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:a = Start-TestServer
    $script:b = Start-TestServer
    $script:src = Connect-Milvus -Uri $a.Uri
    $script:dst = Connect-Milvus -Uri $b.Uri -NoDefault
    New-TestBatches -Count 2 -Rows 100 -Dimension 4 | Write-MilvusCollection -Name pester_bk -IndexType FLAT -MetricType L2 -Load | Out-Null
    New-TestBatches -Count 1 -Rows 30 -Dimension 4 -First 1000 | Write-MilvusCollection -Name pester_bk -PartitionName p1 | Out-Null
    New-MilvusDatabase lab | Out-Null
    New-TestBatches -Count 1 -Rows 40 -Dimension 4 | Write-MilvusCollection -Name other -Database lab -IndexType FLAT -MetricType L2 | Out-Null
    Set-MilvusAlias -Name pester_bk_now -CollectionName pester_bk | Out-Null
    $script:dump = Join-Path ([System.IO.Path]::GetTempPath()) "pester-backup-$([guid]::NewGuid().ToString('N'))"
}

AfterAll {
    Disconnect-Milvus $dst
    Disconnect-Milvus $src
    Stop-TestServer $a
    Stop-TestServer $b
    if (Test-Path $dump) { Remove-Item $dump -Recurse -Force }
}

Describe 'Backup-Milvus, Get-MilvusBackup, Test-MilvusBackup, Restore-Milvus' -Tag Integration {
    It 'writes nothing with -WhatIf' {
        Backup-Milvus -Path $dump -WhatIf | Should -BeNullOrEmpty
        Test-Path $dump | Should -BeFalse
    }

    It 'backs up every database: one result per partition, the manifest last' {
        $results = Backup-Milvus -Path $dump -MaxFileSize 4KB
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        ($results | Where-Object Collection -eq 'pester_bk').Partition | Should -Be '_default', 'p1'
        ($results | Measure-Object Rows -Sum).Sum | Should -Be 270
        Test-Path (Join-Path $dump 'manifest.json') | Should -BeTrue
        Test-Path (Join-Path $dump 'progress.json') | Should -BeFalse
    }

    It 'describes what the backup holds' {
        $info = Get-MilvusBackup $dump
        ($info | ForEach-Object { "$($_.Database)/$($_.Collection)" } | Sort-Object) | Should -Be 'default/pester_bk', 'lab/other'
        $bk = $info | Where-Object Collection -eq pester_bk
        $bk.Rows | Should -Be 230
        $bk.Files | Should -BeGreaterThan 2
        $bk.Aliases | Should -Be 'pester_bk_now'
        $bk.LoadState | Should -Be 'Loaded'
        ($info | Format-Table | Out-String) | Should -Match 'Database\s+Collection\s+Rows'
    }

    It 'finds every file sound' {
        $checks = Test-MilvusBackup $dump
        $checks.Status | Sort-Object -Unique | Should -Be 'Ok'
    }

    It 'restores nothing with -WhatIf' {
        Restore-Milvus -Path $dump -Connection $dst -WhatIf | Should -BeNullOrEmpty
        Get-MilvusCollection -Connection $dst | Should -BeNullOrEmpty
    }

    It 'restores to a second server, verified, with aliases and load state' {
        $results = Restore-Milvus -Path $dump -Connection $dst -IncludeAlias -Verify
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        $results.Verified | Sort-Object -Unique | Should -BeTrue
        $copy = Get-MilvusCollection pester_bk -Connection $dst
        $copy.RowCount | Should -Be 230
        $copy.LoadState | Should -Be 'Loaded'
        (Get-MilvusAlias -Connection $dst).Alias | Should -Contain 'pester_bk_now'
        (Compare-MilvusCollection -Name pester_bk -Destination $dst).Equal | Should -BeTrue
        (Get-MilvusCollection other -Connection $dst -Database lab).RowCount | Should -Be 40
    }

    It 'restores one partition under a new name' {
        $r = Restore-Milvus -Path $dump -Connection $dst -CollectionName pester_bk -PartitionName p1 -Rename @{ pester_bk = 'only_p1' }
        $r.Partition | Should -Be 'p1'
        $r.Collection | Should -Be 'only_p1'
        (Get-MilvusCollection only_p1 -Connection $dst).RowCount | Should -Be 30
    }

    It 'reports a flipped byte and a missing file as errors' {
        $files = Get-ChildItem $dump -Recurse -Filter *.parquet | Sort-Object FullName
        $bytes = [System.IO.File]::ReadAllBytes($files[0].FullName)
        $bytes[[int]($bytes.Length / 2)] = $bytes[[int]($bytes.Length / 2)] -bxor 0x40
        [System.IO.File]::WriteAllBytes($files[0].FullName, $bytes)
        Remove-Item $files[1].FullName
        $checks = Test-MilvusBackup $dump -ErrorVariable problems -ErrorAction SilentlyContinue
        ($checks | Where-Object Status -ne 'Ok').Status | Sort-Object | Should -Be 'Damaged', 'Missing'
        $problems.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } | Sort-Object | Should -Be 'BackupFileDamaged', 'BackupFileMissing'
    }

    It 'refuses a folder that holds no backup' {
        $empty = Join-Path $dump 'nothing-here'
        Restore-Milvus -Path $empty -Connection $dst -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ($e[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'BackupManifestMissing'
    }
}

Describe 'Backup and restore steps in task files' -Tag Integration {
    BeforeAll {
        $script:taskDir = Join-Path ([System.IO.Path]::GetTempPath()) "pester-backup-task-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory $taskDir | Out-Null
        $script:cli = Join-Path $PSScriptRoot '../../src/MilvusDM.Cli/bin/Release/net10.0/milvusdm.dll'
        $script:task = Join-Path $taskDir 'dump-and-restore.yaml'
        @"
steps:
  - name: dump lab
    source: { milvus: { uri: '$($a.Uri)', databases: [lab] } }
    destination: { backup: { path: ./dump, max_file_size: 2KB } }
  - name: restore lab as tasks
    source: { backup: { path: ./dump, collections: [other] } }
    destination:
      milvus: { uri: '$($b.Uri)', destination_database: tasks, rename: { other: other_restored }, mode: overwrite }
    verify: true
"@ | Set-Content $task
    }

    AfterAll { Remove-Item $taskDir -Recurse -Force }

    It 'plans both steps under -WhatIf and writes nothing' {
        Invoke-MilvusDMTask $task -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $taskDir 'dump') | Should -BeFalse
        $steps = (Test-MilvusDMTask $task).Steps
        $steps[0] | Should -Match 'every collection \(database\(s\) lab\) → backup folder .*dump'
        $steps[1] | Should -Match 'backup .*dump \(collection\(s\) other\) → Milvus .* into database tasks renaming other to other_restored \(mode Overwrite\), verified'
    }

    It 'runs them with milvusdm --yaml: the dump, then a verified restore into another database under a new name' {
        $out = & dotnet $cli --yaml $task 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        Test-Path (Join-Path $taskDir 'dump/manifest.json') | Should -BeTrue
        (Get-MilvusBackup (Join-Path $taskDir 'dump')).Collection | Should -Be 'other'
        $copy = Get-MilvusCollection other_restored -Connection $dst -Database tasks
        $copy.RowCount | Should -Be 40
        (Compare-MilvusCollection -Name other -Database lab -DestinationName other_restored -Destination $dst -DestinationDatabase tasks).Equal | Should -BeTrue
    }

    It 'runs them with Invoke-MilvusDMTask, one result per partition with its step' {
        Remove-Item (Join-Path $taskDir 'dump') -Recurse -Force
        $results = Invoke-MilvusDMTask $task -Force
        $results.Step | Sort-Object -Unique | Should -Be 'dump lab', 'restore lab as tasks'
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        ($results | Where-Object Step -eq 'restore lab as tasks').Verified | Should -BeTrue
        (Get-MilvusCollection other_restored -Connection $dst -Database tasks).RowCount | Should -Be 40
    }
}

Describe 'Backup-Milvus -IncludeRbac, Restore-Milvus -IncludeRbac' -Tag Integration {
    BeforeAll {
        $root = [pscredential]::new('root', (ConvertTo-SecureString 'Milvus' -AsPlainText -Force))
        $script:ra = Start-TestServer -User 'alice:alice-secret'
        $script:rb = Start-TestServer -User 'alice:alice-secret'
        $script:rc = Start-TestServer
        $script:rsrc = Connect-Milvus -Uri $ra.Uri -Credential $root -NoDefault
        $script:rdst = Connect-Milvus -Uri $rb.Uri -Credential $root -NoDefault
        $script:rbare = Connect-Milvus -Uri $rc.Uri -Credential $root -NoDefault
        $script:rdir = Join-Path ([System.IO.Path]::GetTempPath()) "pester-rbac-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Path (Join-Path $rdir 'seed') | Out-Null
        New-TestBatches -Count 1 -Rows 20 -Dimension 4 | Write-MilvusCollection -Name pester_rbac -Connection $rsrc -IndexType FLAT -MetricType L2 | Out-Null
        # The source's roles come from an RBAC-only manifest (the module has no cmdlets that grant): a role with a
        # collection-, a database- and a cluster-level grant, a custom privilege group granted on the collection, and
        # alice bound to the role (alice exists on servers a and b, not c).
        $grant = { param($privilege, $object, $name, $db) [ordered]@{ Role = 'reader'; ObjectType = $object; ObjectName = $name; Database = $db; Privilege = $privilege; Grantor = 'root' } }
        $seed = [ordered]@{
            FormatVersion = 1; ToolVersion = ''; ServerVersion = 'v2.6.18'; ServerAddress = ''; CreatedUtc = '2026-01-01T00:00:00Z'; Databases = @()
            Rbac = [ordered]@{
                Note = 'seed'; Roles = @('reader')
                PrivilegeGroups = @([ordered]@{ Name = 'rbac_writers'; Privileges = @('Insert', 'Upsert') })
                Grants = @(
                    (& $grant 'Search' 'Collection' 'pester_rbac' 'default'),
                    (& $grant 'DatabaseReadOnly' 'Global' '*' 'default'),
                    (& $grant 'ClusterReadOnly' 'Global' '*' '*'),
                    (& $grant 'rbac_writers' 'Global' 'pester_rbac' 'default'))
                Users = @([ordered]@{ Name = 'alice'; Roles = @('reader') })
            }
        }
        $seed | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $rdir 'seed/manifest.json')
        Restore-Milvus -Path (Join-Path $rdir 'seed') -Connection $rsrc -IncludeRbac -WarningAction SilentlyContinue | Out-Null
        $script:rdump = Join-Path $rdir 'dump'
        function script:Rbac($folder) { (Get-Content (Join-Path $folder 'manifest.json') -Raw | ConvertFrom-Json).Rbac }
        function script:GrantKeys($rbac) { $rbac.Grants | ForEach-Object { "$($_.Role)|$($_.ObjectType)|$($_.ObjectName)|$($_.Database)|$($_.Privilege)" } | Sort-Object }
    }

    AfterAll {
        Disconnect-Milvus $rbare
        Disconnect-Milvus $rdst
        Disconnect-Milvus $rsrc
        Stop-TestServer $ra
        Stop-TestServer $rb
        Stop-TestServer $rc
        if (Test-Path $rdir) { Remove-Item $rdir -Recurse -Force }
    }

    It 'backs up roles, groups, grants and users, and Get-MilvusBackup shows them with the password note' {
        $results = Backup-Milvus -Path $rdump -Connection $rsrc -IncludeRbac
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        $rbac = Rbac $rdump
        $rbac.Roles | Should -Be 'reader'
        $rbac.PrivilegeGroups[0].Name | Should -Be 'rbac_writers'
        $rbac.PrivilegeGroups[0].Privileges | Should -Be 'Insert', 'Upsert'
        GrantKeys $rbac | Should -Contain 'reader|Collection|pester_rbac|default|Search'
        GrantKeys $rbac | Should -Contain 'reader|Global|pester_rbac|default|rbac_writers'
        ($rbac.Users | Where-Object Name -eq 'alice').Roles | Should -Be 'reader'
        $rbac.Users.Name | Should -Be 'alice', 'root'
        (Get-Content (Join-Path $rdump 'manifest.json') -Raw) | Should -Not -Match 'alice-secret'
        $info = Get-MilvusBackup $rdump
        $info.Roles | Should -Be 1
        $info.Users | Should -Be 2
        $info.Grants | Should -BeGreaterThan 4
        $info.PrivilegeGroups | Should -Be 1
        $info.RbacNote | Should -Match 'Passwords cannot be read'
        ($info | Format-Table | Out-String) | Should -Match 'LoadState\s+Roles\s+Users'
    }

    It 'restores nothing of it with -WhatIf' {
        Restore-Milvus -Path $rdump -Connection $rdst -IncludeRbac -WhatIf | Should -BeNullOrEmpty
        Get-MilvusCollection -Connection $rdst | Should -BeNullOrEmpty
        $probe = Join-Path $rdir 'probe'
        Backup-Milvus -Path $probe -Connection $rdst -IncludeRbac | Out-Null
        (Rbac $probe).Roles | Should -BeNullOrEmpty
    }

    It 'restores them to a second server: the same grants, and the role bound to alice who exists there' {
        $results = Restore-Milvus -Path $rdump -Connection $rdst -IncludeRbac -WarningVariable w2
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        $w2 | Should -BeNullOrEmpty
        $copy = Join-Path $rdir 'copy'
        Backup-Milvus -Path $copy -Connection $rdst -IncludeRbac | Out-Null
        GrantKeys (Rbac $copy) | Should -Be (GrantKeys (Rbac $rdump))
        ((Rbac $copy).Users | Where-Object Name -eq 'alice').Roles | Should -Be 'reader'
    }

    It 'warns about users the target does not have and restores the rest' {
        $results = Restore-Milvus -Path $rdump -Connection $rbare -IncludeRbac -WarningVariable w -WarningAction SilentlyContinue
        ($results | Where-Object Source -eq 'rbac').Status | Should -Be 'Succeeded'
        $w | Should -Match 'alice \(reader\)'
        $bare = Join-Path $rdir 'bare'
        Backup-Milvus -Path $bare -Connection $rbare -IncludeRbac | Out-Null
        (Rbac $bare).Roles | Should -Be 'reader'
    }

    It 'refuses a privilege the target does not know before writing' {
        $bad = Join-Path $rdir 'bad'
        New-Item -ItemType Directory $bad | Out-Null
        (Get-Content (Join-Path $rdir 'seed/manifest.json') -Raw) -replace '"Search"', '"Frobnicate"' | Set-Content (Join-Path $bad 'manifest.json')
        $fresh = Start-TestServer
        try {
            $c = Connect-Milvus -Uri $fresh.Uri -Credential ([pscredential]::new('root', (ConvertTo-SecureString 'Milvus' -AsPlainText -Force))) -NoDefault
            Restore-Milvus -Path $bad -Connection $c -IncludeRbac -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            ($e[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'RestoreRbacUnknownPrivilege'
            $e[0].Exception.Message | Should -Match "'Frobnicate'"
            $probe = Join-Path $rdir 'fresh'
            Backup-Milvus -Path $probe -Connection $c -IncludeRbac | Out-Null
            (Rbac $probe).Roles | Should -BeNullOrEmpty
            Disconnect-Milvus $c
        }
        finally { Stop-TestServer $fresh }
    }
}
