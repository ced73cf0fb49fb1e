// Generated from the Jifen OpenAPI document by `npm run generate` (openapi-typescript). Do not edit.

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process can serve: the database answers (read replicas are reported, never required) */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (Authorization: Bearer <METRICS_TOKEN> when the server sets one) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a village's accounts with their balances */
        get: operations["listAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one account and its current balance */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's balance now or as of a past time (an index look-up) */
        get: operations["getAccountBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The passbook of an account, newest first (keyset pages) */
        get: operations["listAccountEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API keys the caller manages (never the keys themselves) */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Issue an API key for a machine client (the key is shown once)
         * @description The key acts for the user who created it (for a key minted by a key: that key's user) and stops working while that user is disabled. A key mints keys and users only with roles it holds itself; a minted key expires no later than its parent and is revoked with it.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key, effective at once, and every key it minted
         * @description Keys minted by this key (and by those, and so on) are revoked with it; users it created are not (staff disable them).
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit events, newest first */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events/digest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Latest sealed position and hash of a chain, to publish elsewhere */
        get: operations["getAuditDigest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recompute the hash chain and name the first broken event */
        get: operations["verifyAuditChain"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in: a 15-minute access token and a 30-day single-use refresh token */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End a session: its refresh token and its access tokens stop working at once
         * @description The session of the bearer token (even an expired one), and/or of `refreshToken`. Ending an ended session is 204 too.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the caller's own password; the caller's other sessions end
         * @description A wrong current password is 401 invalid_credentials and counts as a failed login (so repeated ones meet the login lockout: 429 rate_limited with Retry-After). API keys have no password (403).
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trade a refresh token for new tokens (the old one is used up)
         * @description Presented again within 30 s of its use (two tabs, a lost answer), a refresh token gets the same new pair again. Presented later, it was copied: the whole session ends (401).
         */
        post: operations["refreshTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalogue-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalogue of a village, by name */
        get: operations["listCatalogueItems"];
        put?: never;
        /** Add a good to the village points supermarket (stock starts at 0) */
        post: operations["createCatalogueItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalogue-items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One good, with its ETag */
        get: operations["getCatalogueItem"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a good (price changes never alter past sales) */
        patch: operations["updateCatalogueItem"];
        trace?: never;
    };
    "/v1/catalogue-items/{id}/stock-movements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The stock ledger of a good, newest first */
        get: operations["listStockMovements"];
        put?: never;
        /** Record a donation, purchase, adjustment or write-off */
        post: operations["addStockMovement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/households": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List or search households (a resident sees only their own) */
        get: operations["listHouseholds"];
        put?: never;
        /** Create a household and open its points account */
        post: operations["createHousehold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/households/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Clerk look-up by card: household, members (masked) and balance in one round trip */
        get: operations["lookupHousehold"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/households/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one household (with its ETag) */
        get: operations["getHousehold"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a household: address, group, code, re-issue or revoke its card, close or reopen it */
        patch: operations["updateHousehold"];
        trace?: never;
    };
    "/v1/households/{id}/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The household's points balance, now or as of a time */
        get: operations["getHouseholdBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/households/{id}/statement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The household passbook (积分存折), newest first; Accept: text/csv exports the whole range for Excel */
        get: operations["getHouseholdStatement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check every ledger invariant and list each problem with ids */
        get: operations["verifyLedger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller, their roles and (for a resident) their household: balance, stars, this month’s rank */
        get: operations["getMyOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/households": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 党员包户: the caller's households as their contact, with balances and this month's points */
        get: operations["listMyHouseholds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/open-rounds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open scoring rounds of the own village, which take self-claims (申报), newest first */
        get: operations["listMyOpenRounds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/rating-queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Items waiting for my rating: every pending item of an open round of my panels that I have not rated (none of my own household)
         * @description Each item carries what rating it needs (household code, masked head name, rule and its points or range), so a round of N items takes 1 + N requests.
         */
        get: operations["getMyRatingQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/redemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The own household's sales, newest first, with line names */
        get: operations["listMyRedemptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/statement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The own household's passbook, newest first (empty for a caller with no household) */
        get: operations["getMyStatement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/objections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A village's objections, oldest first */
        get: operations["listObjections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/objections/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Uphold (withdraw or revise the item) or dismiss an objection, with a note */
        post: operations["resolveObjection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/panels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A village's panels with their members */
        get: operations["listPanels"];
        put?: never;
        /** Form a scoring panel of panel_member users, with its quorum and decision rule */
        post: operations["createPanel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/panels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One panel with its members and ETag */
        get: operations["getPanel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a panel (rounds already opened keep their membership) */
        patch: operations["updatePanel"];
        trace?: never;
    };
    "/v1/public/villages/{idOrCode}/boards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 红黑榜: top earners and deductions of a period, names masked; JSON, or a printable page with Accept: text/html
         * @description The village by id or code. Answers with an ETag: send it back in If-None-Match to get 304 while nothing changed.
         */
        get: operations["getPublicBoards"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/villages/{idOrCode}/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 公示: rounds under notice and recently posted, names masked; JSON, or a printable page with Accept: text/html
         * @description The village by id or code. Answers with an ETag: send it back in If-None-Match to get 304 while nothing changed.
         */
        get: operations["getPublicNotices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/redemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sales of a village, newest first */
        get: operations["listRedemptions"];
        put?: never;
        /** Redeem goods for points at the counter (points and stock move together) */
        post: operations["createRedemption"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/redemptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One sale */
        get: operations["getRedemption"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/redemptions/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a sale: refund the points and restock (clerk: same day; village admin: any time) */
        post: operations["cancelRedemption"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/redemptions/{id}/receipt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Receipt, 32 columns wide, for thermal printers: plain text by default, `{ lines, width }` with Accept: application/json */
        get: operations["getRedemptionReceipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/residents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List or search residents (a resident user sees only their household) */
        get: operations["listResidents"];
        put?: never;
        /** Add a resident to a household */
        post: operations["createResident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/residents/duplicates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** ID numbers registered in more than one village, with the residents holding them (admin only; every reading is audited) */
        get: operations["listDuplicateIdNumbers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/residents/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The roster as CSV (UTF-8 with BOM, opens in Excel; re-importable) */
        get: operations["exportResidents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/residents/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import a roster CSV as exported from Excel (UTF-8 with or without BOM, or GBK; Chinese or English headers); at most 64 MiB and 100,000 lines (413), a line at most 100 fields and 65,536 characters (400) */
        post: operations["importResidents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/residents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one resident */
        get: operations["getResident"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a resident, or move them to another household of the village */
        patch: operations["updateResident"];
        trace?: never;
    };
    "/v1/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rule book of a village, by code */
        get: operations["listRules"];
        put?: never;
        /** Add a rule to the village rule book (fixed points or a range; negative: a deduction) */
        post: operations["createRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rule, with its ETag */
        get: operations["getRule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change title, description or category; points only while no item uses the rule */
        patch: operations["updateRule"];
        trace?: never;
    };
    "/v1/rules/{id}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retire a rule: no new items may use it (its code becomes free for a replacement) */
        post: operations["retireRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A village's scoring rounds, newest first */
        get: operations["listScoringRounds"];
        put?: never;
        /** Open a scoring round for a panel (it keeps the panel's current members, quorum and decision rule) */
        post: operations["createScoringRound"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One scoring round with its members and counts */
        get: operations["getScoringRound"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a round before it is posted */
        post: operations["cancelScoringRound"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A round's items in the order they were added */
        get: operations["listScoreItems"];
        put?: never;
        /** Add a score item (a resident: a self-claim for their own household, with evidence) */
        post: operations["createScoreItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds/{id}/items/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One item with its ratings */
        get: operations["getScoreItem"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds/{id}/items/{itemId}/objections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Object to an item during the notice period (a resident, or staff on a villager's behalf) */
        post: operations["fileObjection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds/{id}/items/{itemId}/ratings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rate an item (members of the round's panel; a second rating replaces the first while open) */
        post: operations["rateScoreItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds/{id}/items:bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** One rule, up to 1,000 households (an event many took part in), all or nothing */
        post: operations["createScoreItemsInBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds/{id}/post": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** After the notice period, with no open objection: one ledger transaction per approved item, all or nothing */
        post: operations["postScoringRound"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scoring-rounds/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide every item and put the round under public notice (公示) */
        post: operations["publishScoringRound"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Villages side by side (admin), optionally one township (also text/csv) */
        get: operations["getVillagesSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/townships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Townships (admin: all; township staff: their own), ordered by code */
        get: operations["listTownships"];
        put?: never;
        /** Create a township (镇) */
        post: operations["createTownship"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/townships/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One township */
        get: operations["getTownship"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a township */
        patch: operations["updateTownship"];
        trace?: never;
    };
    "/v1/townships/{id}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The township's villages side by side: participation, points issued, deducted and redeemed, outstanding, rounds posted, objections, low-stock goods (also text/csv) */
        get: operations["getTownshipSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List transactions, newest first */
        get: operations["listTransactions"];
        put?: never;
        /** Post a manual adjustment or a transfer between households */
        post: operations["createTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one transaction with its entries */
        get: operations["getTransaction"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{id}/reverse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Post the exact opposite of a transaction, once */
        post: operations["reverseTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users (a village admin sees those of their villages) */
        get: operations["listUsers"];
        put?: never;
        /** Create a staff or resident account with roles per village */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller, with roles */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, disable or re-enable a user, or set a new password */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/v1/villages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the villages the caller has a role in (admin: all), ordered by code */
        get: operations["listVillages"];
        put?: never;
        /** Create a village (tenant) with its settings (a township admin: in its township) */
        post: operations["createVillage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/villages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one village */
        get: operations["getVillage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a village name, township or settings */
        patch: operations["updateVillage"];
        trace?: never;
    };
    "/v1/villages/{id}/expiry-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Past expiry runs of a village, newest year first */
        get: operations["listExpiryRuns"];
        put?: never;
        /** 年度清零: expire the points held from before the reset date (once per year; a second run returns the first) */
        post: operations["runExpiry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/villages/{id}/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 积分榜: households ranked by points earned in a month, quarter or year (also text/csv) */
        get: operations["getLeaderboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/villages/{id}/resident-logins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resident onboarding: one login per household head, in bulk, each with a one-time password shown once (JSON, or CSV slips with Accept: text/csv)
         * @description Usernames come from the village and household codes (`nlq-a-012`) or the head’s mobile number. The logins must change the password at first use: until then every route but POST /v1/auth/password and GET /v1/me answers 403 password_change_required. Households without an active head, with a resident login already, or whose username is taken are listed in `skipped` (CSV: left out).
         */
        post: operations["createResidentLogins"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/villages/{id}/stars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 星级文明户: stars of each household for a year (also text/csv) */
        get: operations["getStars"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/villages/{id}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Points issued, deducted, redeemed, refunded, expired and outstanding, with participation, categories, goods and donors (also text/csv) */
        get: operations["getVillageSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccountDto: {
            /** @description Current balance in points */
            balance: number;
            /** Format: uuid */
            householdId: string | null;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "household" | "issuance" | "redemptions" | "expiry" | "adjustments";
            /** @enum {string} */
            status: "active" | "frozen";
            /** Format: uuid */
            villageId: string;
        };
        AccountPageDto: {
            items: components["schemas"]["AccountDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /** @description Already cancelled (RFC 9457 problem details) */
        AlreadyCancelledProblem: {
            /** @enum {string} */
            code: "already_cancelled";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 409;
            /** @example Already cancelled */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:already_cancelled";
        };
        /** @description Already reversed (RFC 9457 problem details) */
        AlreadyReversedProblem: {
            /** @enum {string} */
            code: "already_reversed";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /**
             * Format: uuid
             * @description The transaction that reversed it
             */
            reversalId?: string;
            /** @enum {integer} */
            status: 409;
            /** @example Already reversed */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:already_reversed";
        };
        ApiKeyDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description null: no expiry
             */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** @description First characters of the key */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
            roles: components["schemas"]["RoleGrantViewDto"][];
        };
        ApiKeyPageDto: {
            items: components["schemas"]["ApiKeyDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        AuditActorDto: {
            id: string | null;
            /** @enum {string} */
            kind: "user" | "api_key" | "system" | "anonymous";
            name: string;
            roles: string[];
        };
        AuditDigestDto: {
            /** @description Its chain hash: publish it elsewhere to detect a rewritten or truncated tail later */
            hash: string;
            /** Format: date-time */
            sealedAt: string | null;
            /** @description Latest sealed position */
            seq: string;
            /** @description null: the chain of events outside any village */
            villageId: string | null;
        };
        AuditEventDto: {
            /** @example village.created */
            action: string;
            actor: components["schemas"]["AuditActorDto"];
            /** @description The entity after the change (JSON, as the API showed it); null for a deletion */
            after: {
                [key: string]: unknown;
            } | null;
            /** @description The entity before the change (JSON, as the API showed it); null for a creation */
            before: {
                [key: string]: unknown;
            } | null;
            entityId: string | null;
            entityType: string;
            /** @description sha256 chain hash; null until sealed (within a second) */
            hash: string | null;
            /** @description Increasing id */
            id: string;
            ip: string | null;
            /** Format: date-time */
            occurredAt: string;
            requestId: string | null;
            /** @description Position in the village chain; null until sealed */
            seq: string | null;
            villageId: string | null;
        };
        AuditEventPageDto: {
            items: components["schemas"]["AuditEventDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        AuditVerifyDto: {
            /** @description Events whose hash was recomputed */
            checked: number;
            firstBrokenId: string | null;
            ok: boolean;
            problems: string[];
        };
        BalanceDto: {
            /** Format: uuid */
            accountId: string;
            /** Format: date-time */
            asOf: string;
            balance: number;
            /** Format: uuid */
            householdId: string | null;
        };
        BoardsDto: {
            deductions: components["schemas"]["DeductionDto"][];
            /** Format: date-time */
            generatedAt: string;
            period: string;
            topEarners: components["schemas"]["TopEarnerDto"][];
            /** Format: uuid */
            villageId: string;
            villageName: string;
        };
        BulkItemsDto: {
            evidence?: string[];
            householdIds: string[];
            note?: string;
            /** @description Default: the rule's fixed points (required for a range rule) */
            proposedPoints?: number;
            /** Format: uuid */
            ruleId: string;
        };
        BulkItemsResultDto: {
            created: number;
            items: components["schemas"]["ItemDto"][];
        };
        CancelRedemptionDto: {
            /** @example 扫错了户 */
            reason: string;
        };
        CancelRoundDto: {
            reason: string;
        };
        CatalogueItemDto: {
            active: boolean;
            category: string | null;
            description: string | null;
            /** Format: uuid */
            id: string;
            imageUrl: string | null;
            limitPerHouseholdPerMonth: number | null;
            lowStockThreshold: number | null;
            name: string;
            pointsPrice: number;
            sku: string;
            /** @description Sum of the stock movements */
            stockOnHand: number;
            /** Format: date-time */
            updatedAt: string;
            /** Format: uuid */
            villageId: string;
        };
        CatalogueItemPageDto: {
            items: components["schemas"]["CatalogueItemDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        CategoryPointsDto: {
            category: string;
            points: number;
        };
        ChangePasswordDto: {
            currentPassword: string;
            /** @description At least 10 characters, not one of the 10,000 most common passwords */
            newPassword: string;
        };
        /** @description Conflict of interest (RFC 9457 problem details) */
        ConflictOfInterestProblem: {
            /** @enum {string} */
            code: "conflict_of_interest";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 403;
            /** @example Conflict of interest */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:conflict_of_interest";
        };
        /** @description Conflict (RFC 9457 problem details) */
        ConflictProblem: {
            /** @enum {string} */
            code: "conflict";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description One entry per invalid field (or header) */
            errors?: {
                /** @example settings.quorum */
                field: string;
                /** @description Line of an imported file (1 = its header) */
                line?: number;
                message: string;
            }[];
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 409;
            /** @example Conflict */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:conflict";
        };
        ContactHouseholdDto: {
            /** @description Current points balance */
            balance: number;
            code: string;
            /** @description 村民小组 */
            group: string | null;
            /** Format: uuid */
            id: string;
            /**
             * @description This month in the village's calendar
             * @example 2026-11
             */
            month: string;
            /** @description Points earned this month (awards, less penalties) */
            monthPoints: number;
            /** @enum {string} */
            status: "active" | "closed";
            /** Format: uuid */
            villageId: string;
        };
        ContactHouseholdPageDto: {
            items: components["schemas"]["ContactHouseholdDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        CreateApiKeyDto: {
            /**
             * Format: date-time
             * @description When the key stops working (in the future). A key minted by a key expires no later than that key.
             */
            expiresAt?: string;
            /** @example 村务公开屏 */
            name: string;
            /** @description Roles the caller may grant; a key minting a key: only roles it holds itself */
            roles: components["schemas"]["RoleGrantDto"][];
        };
        CreateCatalogueItemDto: {
            /** @description On sale; true when a new item leaves it out */
            active?: boolean;
            /** @example 粮油 */
            category?: string;
            description?: string;
            /**
             * @description http or https only
             * @example https://example.org/rice.jpg
             */
            imageUrl?: string;
            /** @description Units one household may redeem per calendar month */
            limitPerHouseholdPerMonth?: number;
            /** @description Reported as low stock at or below this */
            lowStockThreshold?: number;
            /** @example 大米 5kg */
            name: string;
            /** @example 50 */
            pointsPrice: number;
            /** @example RICE-5KG */
            sku: string;
            /** Format: uuid */
            villageId: string;
        };
        CreateExpiryRunDto: {
            /**
             * @description Default: the year of the latest reset date that has passed
             * @example 2026
             */
            year?: number;
        };
        CreateHouseholdDto: {
            /** @example 南林桥村一组15号 */
            address?: string;
            /**
             * @description Points card or QR code number, unique in the village
             * @example C00012345
             */
            cardNo?: string;
            /**
             * @description 户号, unique in the village
             * @example 一组-015
             */
            code: string;
            /**
             * Format: uuid
             * @description 党员包户: the contact, a user holding a role in this village
             */
            contactUserId?: string;
            /**
             * @description 村民小组
             * @example 第一村民小组
             */
            group?: string;
            /** Format: uuid */
            villageId: string;
        };
        CreateItemDto: {
            /** @description Evidence URLs (photos, documents); required by some rules and by self-claims */
            evidence?: string[];
            /** Format: uuid */
            householdId: string;
            note?: string;
            /** @description Within the rule's points (fixed) or range */
            proposedPoints: number;
            /**
             * Format: uuid
             * @description The member of the household the item is about
             */
            residentId?: string;
            /** Format: uuid */
            ruleId: string;
        };
        CreateObjectionDto: {
            /** @description Hide who objected on the public notice (false when left out) */
            anonymous?: boolean;
            /**
             * Format: uuid
             * @description The villager objecting (staff filing on their behalf name them here)
             */
            residentId?: string;
            text: string;
        };
        CreatePanelDto: {
            /**
             * @description majority when left out
             * @enum {string}
             */
            decision?: "majority" | "unanimous";
            members: components["schemas"]["PanelMemberDto"][];
            /** @example 2026年第四季度评定小组 */
            name: string;
            /** @description Ratings an item needs to be decided; default: the village's quorum setting; at most the number of members */
            quorum?: number;
            /** Format: uuid */
            villageId: string;
        };
        CreateRatingDto: {
            approve: boolean;
            /** @description Required to reject */
            comment?: string;
            /** @description Required to approve under a range rule: within the rule's range */
            points?: number;
        };
        CreateRedemptionDto: {
            /** @description The scanned points card; or give householdId */
            cardNo?: string;
            /**
             * Format: uuid
             * @description The household; or give cardNo
             */
            householdId?: string;
            lines: components["schemas"]["RedemptionLineInputDto"][];
            /**
             * Format: uuid
             * @description The member who came to the counter; must belong to the household
             */
            residentId?: string;
            /** Format: uuid */
            villageId: string;
        };
        CreateResidentDto: {
            /**
             * @description Must agree with the ID number; defaults to it
             * @example 1949-12-31
             */
            birthDate?: string;
            /**
             * @description Defaults to what the ID number says
             * @enum {string}
             */
            gender?: "male" | "female";
            /** Format: uuid */
            householdId: string;
            /**
             * @description Mainland resident ID number, 18 characters (GB 11643 checksum)
             * @example 11010519491231002X
             */
            idNumber?: string;
            /** @description Head of the household (户主); at most one per household (false when left out) */
            isHead?: boolean;
            /** @example 张小明 */
            name: string;
            /**
             * @description Mainland mobile number
             * @example 13812345678
             */
            phone?: string;
            /**
             * @description Relation to the head
             * @example 配偶
             */
            relation?: string;
            /** Format: uuid */
            villageId: string;
        };
        CreateResidentLoginsDto: {
            /** @description The households to create logins for; left out: every active household of the village with a head and no resident login yet */
            householdIds?: string[];
            /**
             * @description The username: the village and household codes (`nlq-a-012`, default) or the head's mobile number
             * @enum {string}
             */
            usernameFrom?: "code" | "phone";
        };
        CreateRoundDto: {
            /** Format: uuid */
            panelId: string;
            /**
             * Format: date
             * @example 2026-11-30
             */
            periodEnd: string;
            /**
             * Format: date
             * @description First day the round covers; its month/quarter/year is the period of rule caps
             * @example 2026-11-01
             */
            periodStart: string;
            /** @example 2026年11月 环境卫生评比 */
            title: string;
        };
        CreateRuleDto: {
            /** @description Most points (absolute) one household may get from this rule per period */
            capPerPeriod?: number;
            /**
             * @description Standard: 环境卫生, 孝老爱亲, 志愿服务, 移风易俗, 遵纪守法, 乡风文明, 产业发展, 其他; a village may add its own
             * @example 环境卫生
             */
            category: string;
            /**
             * @description Unique among the village's active rules
             * @example HY-01
             */
            code: string;
            description?: string;
            /** @description Items under this rule must carry evidence; false when left out */
            evidenceRequired?: boolean;
            maxPoints?: number;
            minPoints?: number;
            /** @enum {string} */
            period?: "month" | "quarter" | "year";
            /** @description Fixed points (negative: a deduction); or give minPoints and maxPoints */
            points?: number;
            /** @example 庭院整洁 */
            title: string;
            /** Format: uuid */
            villageId: string;
        };
        CreateStockMovementDto: {
            /**
             * @description Required for donation (万企兴万村 reporting)
             * @example 某某农业公司
             */
            donor?: string;
            /** @description Required for adjustment and write_off */
            note?: string;
            /**
             * @description Units: positive for donation and purchase; signed for adjustment; write_off removes |quantity|
             * @example 20
             */
            quantity: number;
            /** @enum {string} */
            reason: "donation" | "purchase" | "adjustment" | "write_off";
        };
        CreateTownshipDto: {
            /**
             * @description Unique code of the township
             * @example NLQZ
             */
            code: string;
            /** @example 南林桥镇 */
            name: string;
        };
        CreateTransactionDto: {
            /** @description At least two entries summing to zero, one per account */
            entries: components["schemas"]["EntryInputDto"][];
            /** @enum {string} */
            kind: "adjustment" | "transfer";
            /** @description Why: shown in the passbook and the audit log */
            memo: string;
            /** Format: uuid */
            villageId: string;
        };
        CreateUserDto: {
            /** @example 李会计 */
            displayName: string;
            /** @description At least 10 characters, not one of the 10,000 most common passwords */
            password: string;
            /** @description At least one role */
            roles: components["schemas"]["RoleGrantDto"][];
            /**
             * @description 3-64 letters, digits, ".", "_" or "-"; case-insensitive
             * @example li.clerk
             */
            username: string;
        };
        CreateVillageDto: {
            /**
             * @description Unique code of the village
             * @example NLQ
             */
            code: string;
            /** @example 南林桥村 */
            name: string;
            settings?: components["schemas"]["VillageSettingsDto"];
            /**
             * @description The township as free text (kept for older clients); townshipId links the village to one
             * @example 南林桥镇
             */
            township?: string;
            /**
             * Format: uuid
             * @description The township the village belongs to (at most one); a township admin creates villages only in its own. Changing it later: admin only
             */
            townshipId?: string | null;
        };
        CreatedApiKeyDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description null: no expiry
             */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            /** @description The key itself: shown this once, send it as X-Api-Key */
            key: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** @description First characters of the key */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
            roles: components["schemas"]["RoleGrantViewDto"][];
        };
        CreatedByDto: {
            id: string | null;
            kind: string;
            name: string;
        };
        CreatedResidentLoginDto: {
            /** @description The head's name (the login's display name) */
            headName: string;
            householdCode: string;
            /** Format: uuid */
            householdId: string;
            /** @description Shown once, never stored in clear: hand it over on a slip. The login must change it at first use. */
            initialPassword: string;
            /** Format: uuid */
            userId: string;
            /** @example nlq-a-012 */
            username: string;
        };
        DeductionDto: {
            category: string;
            /** @example 2026-11-03 */
            date: string;
            headName: string | null;
            /** @description null when the village withholds names */
            householdCode: string | null;
            points: number;
            rule: string;
        };
        DonorDto: {
            donor: string;
            items: number;
            quantity: number;
        };
        DuplicateIdNumberDto: {
            /**
             * @description In clear: the report is for admin only
             * @example 11010519491231002X
             */
            idNumber: string;
            /** @description Every resident holding it, by village */
            residents: components["schemas"]["DuplicateResidentDto"][];
            /**
             * @description Villages that registered it
             * @example 2
             */
            villages: number;
        };
        DuplicateIdNumberPageDto: {
            items: components["schemas"]["DuplicateIdNumberDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        DuplicateResidentDto: {
            /** Format: uuid */
            householdId: string;
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            status: "active" | "moved_out" | "deceased";
            /** Format: uuid */
            villageId: string;
        };
        EntryDto: {
            /** Format: uuid */
            accountId: string;
            amount: number;
            /** @description The account's balance after this entry; null for system accounts */
            balanceAfter: number | null;
            /** @description Entry id (a decimal string) */
            id: string;
        };
        EntryInputDto: {
            /** Format: uuid */
            accountId: string;
            /**
             * @description Signed points: positive credits the account, negative debits it
             * @example -10
             */
            amount: number;
        };
        ExpiryRunDto: {
            /** Format: date-time */
            createdAt: string;
            /** @description Households whose points expired */
            households: number;
            /** Format: uuid */
            id: string;
            /** @description Points expired in all */
            points: number;
            /** @example 2026-01-01 */
            resetDate: string;
            runBy: string;
            /** Format: uuid */
            villageId: string;
            year: number;
        };
        /** @description Forbidden (RFC 9457 problem details) */
        ForbiddenProblem: {
            /** @enum {string} */
            code: "forbidden";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 403;
            /** @example Forbidden */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:forbidden";
        };
        HealthDto: {
            /** @description The read replicas (DATABASE_REPLICA_URLS), when configured. A replica down never makes the process unready: the primary serves its reads */
            replicas?: components["schemas"]["ReplicaHealthDto"][];
            /** @enum {string} */
            status: "ok";
        };
        HouseholdBalanceDto: {
            /** Format: uuid */
            accountId: string;
            /** Format: date-time */
            asOf: string;
            balance: number;
            /** Format: uuid */
            householdId: string;
        };
        HouseholdDto: {
            /**
             * Format: uuid
             * @description The household points account
             */
            accountId: string | null;
            address: string | null;
            cardNo: string | null;
            /** Format: date-time */
            closedAt: string | null;
            code: string;
            /**
             * Format: uuid
             * @description 党员包户: the user who looks after the household
             */
            contactUserId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description 村民小组 */
            group: string | null;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "active" | "closed";
            /** Format: date-time */
            updatedAt: string;
            /** @description Changes with every update; sent as the ETag */
            version: number;
            /** Format: uuid */
            villageId: string;
        };
        HouseholdLookupDto: {
            /** @description Current points balance */
            balance: number;
            household: components["schemas"]["HouseholdDto"];
            /** @description Active members, personal data masked */
            members: components["schemas"]["ResidentDto"][];
        };
        HouseholdPageDto: {
            items: components["schemas"]["HouseholdDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        HouseholdStanding: {
            balance: number;
            code: string;
            /** Format: uuid */
            id: string;
            rank: components["schemas"]["RankDto"];
            /** @description Stars of this year (星级文明户) */
            stars: number;
            /** Format: uuid */
            villageId: string;
        };
        /** @description Idempotency key reused with a different request (RFC 9457 problem details) */
        IdempotencyKeyReusedProblem: {
            /** @enum {string} */
            code: "idempotency_key_reused";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 409;
            /** @example Idempotency key reused with a different request */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:idempotency_key_reused";
        };
        ImportErrorDto: {
            /** @description Column as named in the file */
            field: string;
            /** @description Line of the file (1 = header) */
            line: number;
            message: string;
        };
        ImportResultDto: {
            created: number;
            /** @description Encoding detected: utf-8 or gbk */
            encoding: string;
            /** @description Number of errors, all of them */
            errorCount: number;
            /** @description Bad lines (the first 10,000) */
            errors: components["schemas"]["ImportErrorDto"][];
            /** @description Households created on first sight */
            householdsCreated: number;
            /** @description Lines that changed nothing (already as in the file) */
            unchanged: number;
            updated: number;
        };
        /** @description Insufficient points (RFC 9457 problem details) */
        InsufficientPointsProblem: {
            /**
             * Format: uuid
             * @description The account short of points (manual postings)
             */
            accountId?: string;
            /** @description The household's balance now */
            balance: number;
            /** @enum {string} */
            code: "insufficient_points";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @description What the posting takes from the account (manual postings) */
            required?: number;
            /** @enum {integer} */
            status: 422;
            /** @example Insufficient points */
            title: string;
            /** @description What the sale costs (redemptions) */
            total?: number;
            /** @enum {string} */
            type: "urn:jifen:problem:insufficient_points";
        };
        /** @description Insufficient stock (RFC 9457 problem details) */
        InsufficientStockProblem: {
            /** @enum {string} */
            code: "insufficient_stock";
            /** @description What went wrong, for a person */
            detail: string;
            /**
             * Format: uuid
             * @description The catalogue item short of stock (sales)
             */
            itemId?: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 422;
            /** @description Units of it left (sales) */
            stockOnHand?: number;
            /** @example Insufficient stock */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:insufficient_stock";
        };
        /** @description Internal error (RFC 9457 problem details) */
        InternalProblem: {
            /** @enum {string} */
            code: "internal";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 500;
            /** @example Internal error */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:internal";
        };
        /** @description Invalid credentials (RFC 9457 problem details) */
        InvalidCredentialsProblem: {
            /** @enum {string} */
            code: "invalid_credentials";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 401;
            /** @example Invalid credentials */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:invalid_credentials";
        };
        /** @description Invalid state (RFC 9457 problem details) */
        InvalidStateProblem: {
            /**
             * Format: uuid
             * @description The frozen account a posting named
             */
            accountId?: string;
            /** @description Points the household still holds (closing a household) */
            balance?: number;
            /** @enum {string} */
            code: "invalid_state";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 409;
            /** @example Invalid state */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:invalid_state";
        };
        ItemDetailDto: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            evidence: string[];
            finalPoints: number | null;
            /** Format: uuid */
            householdId: string;
            /** Format: uuid */
            id: string;
            note: string | null;
            proposedPoints: number;
            ratings: components["schemas"]["RatingDto"][];
            /** @description decision, cap_exceeded, no_quorum, objection_upheld */
            reason: string | null;
            /** Format: uuid */
            residentId: string | null;
            /** Format: uuid */
            roundId: string;
            /** Format: uuid */
            ruleId: string;
            /**
             * @description self_claim: 申报 by a resident for their own household; contact: proposed by the household's contact (党员包户) on the panel
             * @enum {string}
             */
            source: "panel" | "self_claim" | "contact";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "no_quorum" | "withdrawn";
            /**
             * Format: uuid
             * @description The ledger transaction, once posted
             */
            transactionId: string | null;
            /** Format: uuid */
            villageId: string;
        };
        ItemDto: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            evidence: string[];
            finalPoints: number | null;
            /** Format: uuid */
            householdId: string;
            /** Format: uuid */
            id: string;
            note: string | null;
            proposedPoints: number;
            /** @description decision, cap_exceeded, no_quorum, objection_upheld */
            reason: string | null;
            /** Format: uuid */
            residentId: string | null;
            /** Format: uuid */
            roundId: string;
            /** Format: uuid */
            ruleId: string;
            /**
             * @description self_claim: 申报 by a resident for their own household; contact: proposed by the household's contact (党员包户) on the panel
             * @enum {string}
             */
            source: "panel" | "self_claim" | "contact";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "no_quorum" | "withdrawn";
            /**
             * Format: uuid
             * @description The ledger transaction, once posted
             */
            transactionId: string | null;
            /** Format: uuid */
            villageId: string;
        };
        /** @description Item inactive (RFC 9457 problem details) */
        ItemInactiveProblem: {
            /** @enum {string} */
            code: "item_inactive";
            /** @description What went wrong, for a person */
            detail: string;
            /**
             * Format: uuid
             * @description The catalogue item that is not on sale
             */
            itemId: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 422;
            /** @example Item inactive */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:item_inactive";
        };
        ItemPageDto: {
            items: components["schemas"]["ItemDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        LeaderboardDto: {
            /** @description First local day */
            from: string;
            items: components["schemas"]["LeaderboardEntryDto"][];
            /** @description Cursor of the next page; null on the last page and for a householdId look-up */
            nextCursor: string | null;
            period: string;
            /** @description Local day after the last */
            until: string;
            /** Format: uuid */
            villageId: string;
        };
        LeaderboardEntryDto: {
            code: string;
            group: string | null;
            /** Format: uuid */
            householdId: string;
            /** @description Earned in the period: awards minus penalties, reversals netted */
            points: number;
            /** @description Ties share a rank (1, 2, 2, 4) */
            rank: number;
            /** @description Stars of the period’s year (星级文明户) */
            stars: number;
        };
        LedgerProblemDto: {
            /** Format: uuid */
            accountId?: string;
            auditEventId?: string;
            /** @description What is wrong: transaction_unbalanced, entry_unknown_account, balance_mismatch, balance_after_inconsistent, forbidden_overdraft, reversal_invalid, audit_event_missing, audit_chain_broken, trigger_missing */
            code: string;
            detail: string;
            entryId?: string;
            /** Format: uuid */
            transactionId?: string;
        };
        /** @description Limit exceeded (RFC 9457 problem details) */
        LimitExceededProblem: {
            /** @description Units the household redeemed this month already */
            alreadyThisMonth: number;
            /** @enum {string} */
            code: "limit_exceeded";
            /** @description What went wrong, for a person */
            detail: string;
            /**
             * Format: uuid
             * @description The catalogue item
             */
            itemId: string;
            /** @description Units one household may redeem per month */
            limit: number;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 422;
            /** @example Limit exceeded */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:limit_exceeded";
        };
        LoginDto: {
            password: string;
            /** @example admin */
            username: string;
        };
        LogoutDto: {
            /** @description Ends the session of this refresh token (optional when the bearer token is sent) */
            refreshToken?: string;
        };
        LowStockDto: {
            /** Format: uuid */
            itemId: string;
            lowStockThreshold: number;
            name: string;
            stockOnHand: number;
        };
        MeDto: {
            /** @description For a resident grant: the own household (the first, for a login holding several) */
            household?: components["schemas"]["HouseholdStanding"];
            /** @description true: the login was handed out with a one-time password; every route but POST /v1/auth/password (and this one) answers 403 password_change_required until it is changed */
            passwordChangeRequired: boolean;
            roles: components["schemas"]["RoleGrantViewDto"][];
            user: components["schemas"]["UserDto"];
        };
        /** @description Not acceptable (RFC 9457 problem details) */
        NotAcceptableProblem: {
            /** @enum {string} */
            code: "not_acceptable";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 406;
            /** @example Not acceptable */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:not_acceptable";
        };
        /** @description Not found (RFC 9457 problem details) */
        NotFoundProblem: {
            /**
             * Format: uuid
             * @description A posting named an account that is not in this village
             */
            accountId?: string;
            /** @enum {string} */
            code: "not_found";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 404;
            /** @example Not found */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:not_found";
        };
        NoticeItemDto: {
            category: string;
            /** @enum {string} */
            decision: "pending" | "approved" | "rejected" | "no_quorum" | "withdrawn";
            /** @description The head's name masked (张*明); null when hidden */
            headName: string | null;
            /** @description Null for a deduction when the village withholds deduction names (showDeductionNames: false) */
            householdCode: string | null;
            /** Format: uuid */
            id: string;
            objections: components["schemas"]["NoticeObjectionDto"][];
            points: number | null;
            proposedPoints: number;
            reason: string | null;
            ruleCode: string;
            ruleTitle: string;
        };
        NoticeObjectionDto: {
            /** @description Masked name of the villager, 匿名 when anonymous */
            by: string;
            /** Format: uuid */
            id: string;
            resolutionNote: string | null;
            revisedPoints: number | null;
            /** @enum {string} */
            status: "open" | "upheld" | "dismissed";
            text: string;
        };
        /** @description Notice period still open (RFC 9457 problem details) */
        NoticePeriodOpenProblem: {
            /** @enum {string} */
            code: "notice_period_open";
            /** @description What went wrong, for a person */
            detail: string;
            /**
             * Format: date-time
             * @description When the public notice ends
             */
            noticeEndsAt: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 409;
            /** @example Notice period still open */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:notice_period_open";
        };
        NoticeRoundDto: {
            /** Format: uuid */
            id: string;
            items: components["schemas"]["NoticeItemDto"][];
            /** Format: date-time */
            noticeEndsAt: string | null;
            /** Format: date */
            periodEnd: string;
            /** Format: date */
            periodStart: string;
            /** Format: date-time */
            postedAt: string | null;
            /** Format: date-time */
            publishedAt: string | null;
            /** @enum {string} */
            status: "open" | "notice" | "posted" | "cancelled";
            title: string;
        };
        NoticesDto: {
            /** Format: date-time */
            generatedAt: string;
            rounds: components["schemas"]["NoticeRoundDto"][];
            /** @description The village's time zone (for displaying times) */
            timezone: string;
            /** Format: uuid */
            villageId: string;
            villageName: string;
        };
        ObjectionDto: {
            anonymous: boolean;
            /** Format: date-time */
            createdAt: string;
            filedBy: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            itemId: string;
            /** @description Filed by staff on a villager's behalf */
            onBehalf: boolean;
            /** Format: uuid */
            residentId: string | null;
            resolutionNote: string | null;
            /** Format: date-time */
            resolvedAt: string | null;
            resolvedBy: string | null;
            revisedPoints: number | null;
            /** Format: uuid */
            roundId: string;
            /** @enum {string} */
            status: "open" | "upheld" | "dismissed";
            text: string;
            /** Format: uuid */
            villageId: string;
        };
        ObjectionPageDto: {
            items: components["schemas"]["ObjectionDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /** @description Objections still open (RFC 9457 problem details) */
        ObjectionsOpenProblem: {
            /** @enum {string} */
            code: "objections_open";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Objections still to resolve */
            openObjections: number;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 409;
            /** @example Objections still open */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:objections_open";
        };
        OpenRoundDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** Format: date */
            periodEnd: string;
            /** Format: date */
            periodStart: string;
            title: string;
            /** Format: uuid */
            villageId: string;
        };
        OpenRoundPageDto: {
            items: components["schemas"]["OpenRoundDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        PanelDto: {
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            decision: "majority" | "unanimous";
            /** Format: uuid */
            id: string;
            members: components["schemas"]["PanelMemberViewDto"][];
            name: string;
            quorum: number;
            /** Format: date-time */
            updatedAt: string;
            /** Format: uuid */
            villageId: string;
        };
        PanelMemberDto: {
            /** @enum {string} */
            seat: "cadre" | "party_member" | "resident_rep";
            /**
             * Format: uuid
             * @description A user holding panel_member in the village
             */
            userId: string;
        };
        PanelMemberViewDto: {
            displayName: string;
            /** @enum {string} */
            seat: "cadre" | "party_member" | "resident_rep";
            /** Format: uuid */
            userId: string;
        };
        PanelPageDto: {
            items: components["schemas"]["PanelDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        PassbookLineDto: {
            amount: number;
            balanceAfter: number | null;
            entryId: string;
            /** @enum {string} */
            kind: "award" | "penalty" | "redemption" | "refund" | "reversal" | "expiry" | "adjustment" | "transfer";
            memo: string;
            /** Format: date-time */
            postedAt: string;
            /** Format: uuid */
            transactionId: string;
        };
        PassbookLinePageDto: {
            items: components["schemas"]["PassbookLineDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /** @description Password change required (RFC 9457 problem details) */
        PasswordChangeRequiredProblem: {
            /** @enum {string} */
            code: "password_change_required";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 403;
            /** @example Password change required */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:password_change_required";
        };
        /** @description Payload too large (RFC 9457 problem details) */
        PayloadTooLargeProblem: {
            /** @enum {string} */
            code: "payload_too_large";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 413;
            /** @example Payload too large */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:payload_too_large";
        };
        PointsExpiryDto: {
            /** @enum {string} */
            mode: "none" | "annual";
            /**
             * @description MM-DD, required when mode is annual
             * @example 01-01
             */
            resetDate?: string;
        };
        PointsExpirySettingsDto: {
            /** @enum {string} */
            mode: "none" | "annual";
            /** @example 01-01 */
            resetDate?: string;
        };
        PostResultDto: {
            postings: components["schemas"]["PostingDto"][];
            round: components["schemas"]["RoundDto"];
        };
        PostingDto: {
            /** Format: uuid */
            householdId: string;
            /** Format: uuid */
            itemId: string;
            /** @enum {string} */
            kind: "award" | "penalty";
            points: number;
            /** Format: uuid */
            transactionId: string;
        };
        /** @description Precondition failed (RFC 9457 problem details) */
        PreconditionFailedProblem: {
            /** @enum {string} */
            code: "precondition_failed";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 412;
            /** @example Precondition failed */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:precondition_failed";
        };
        QueueItemDto: {
            evidence: string[];
            /**
             * @description The household head's name, masked
             * @example 张*明
             */
            headName: string | null;
            householdCode: string;
            /** Format: uuid */
            householdId: string;
            /** Format: uuid */
            itemId: string;
            /** @description Always null: the queue holds the items the caller has not rated */
            myRating: Record<string, never> | null;
            note: string | null;
            proposedPoints: number;
            /** Format: uuid */
            roundId: string;
            roundTitle: string;
            ruleCategory: string;
            ruleCode: string;
            ruleMaxPoints: number | null;
            /** @description The rule's range: approving needs points within minPoints..maxPoints */
            ruleMinPoints: number | null;
            /** @description The rule's fixed points (approving gives exactly these); null for a range */
            rulePoints: number | null;
            ruleTitle: string;
            /** @enum {string} */
            source: "panel" | "self_claim";
        };
        QueueItemPageDto: {
            items: components["schemas"]["QueueItemDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        RankDto: {
            /**
             * @description The current month in the village calendar
             * @example 2026-11
             */
            period: string;
            /** @description Earned in the period */
            points: number;
            /** @description As on the leaderboard: ties share a rank */
            rank: number;
        };
        /** @description Too many requests (RFC 9457 problem details) */
        RateLimitedProblem: {
            /** @enum {string} */
            code: "rate_limited";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 429;
            /** @example Too many requests */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:rate_limited";
        };
        RatingDto: {
            approve: boolean;
            comment: string | null;
            /** Format: uuid */
            itemId: string;
            /** Format: uuid */
            memberId: string;
            points: number | null;
            /** Format: date-time */
            updatedAt: string;
        };
        ReceiptDto: {
            /** @description Printable lines, control characters removed */
            lines: string[];
            /**
             * @example 32
             * @enum {integer}
             */
            width: 32;
        };
        RedemptionDto: {
            /** @description The household's balance right after the sale */
            balanceAfter: number;
            /** @description A cancelled sale: the household's balance right after the refund (balanceAfter stays the balance right after the sale) */
            balanceAfterRefund: number | null;
            cancelReason: string | null;
            /** Format: date-time */
            cancelledAt: string | null;
            clerk: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            householdId: string;
            /** Format: uuid */
            id: string;
            lines: components["schemas"]["RedemptionLineDto"][];
            /**
             * Format: uuid
             * @description The refund of a cancelled sale
             */
            refundTransactionId: string | null;
            /** Format: uuid */
            residentId: string | null;
            /** @enum {string} */
            status: "completed" | "cancelled";
            totalPoints: number;
            /** Format: uuid */
            transactionId: string;
            /** Format: uuid */
            villageId: string;
        };
        RedemptionLineDto: {
            /** Format: uuid */
            itemId: string;
            /**
             * @description The item's name (as it is now in the catalogue)
             * @example 大米 5kg
             */
            name: string;
            quantity: number;
            /** @description Price per unit at the time of the sale */
            unitPoints: number;
        };
        RedemptionLineInputDto: {
            /** Format: uuid */
            itemId: string;
            /** @example 1 */
            quantity: number;
        };
        RedemptionPageDto: {
            items: components["schemas"]["RedemptionDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        ReferenceDto: {
            id: string;
            /** @example redemption */
            type: string;
        };
        RefreshDto: {
            refreshToken: string;
        };
        ReplicaHealthDto: {
            /** @description How far behind the primary it was at the last check (null when down) */
            lagMs: number | null;
            /** @description host:port/database of the replica */
            name: string;
            /**
             * @description `ok`: serves reads; `lagging`: further behind than REPLICA_MAX_LAG_MS; `down`: does not answer or is not replaying. Reads go to the primary meanwhile
             * @enum {string}
             */
            state: "ok" | "lagging" | "down";
        };
        /** @description A request with this idempotency key is in progress (RFC 9457 problem details) */
        RequestInProgressProblem: {
            /** @enum {string} */
            code: "request_in_progress";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 409;
            /** @example A request with this idempotency key is in progress */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:request_in_progress";
        };
        ResidentDto: {
            /**
             * Format: date
             * @description Null except for admin and village_admin; see birthYear
             */
            birthDate: string | null;
            /**
             * @description Year of birth, shown to every reader
             * @example 1985
             */
            birthYear: number | null;
            /** Format: date-time */
            createdAt: string;
            /**
             * @description Null except for admin and village_admin (with the masked ID number it would narrow the number down)
             * @enum {string|null}
             */
            gender: "male" | "female" | null;
            /** Format: uuid */
            householdId: string;
            /** Format: uuid */
            id: string;
            /**
             * @description Masked except for admin and village_admin
             * @example 110105**********2X
             */
            idNumber: string | null;
            isHead: boolean;
            name: string;
            /**
             * @description Masked except for admin and village_admin
             * @example 138****5678
             */
            phone: string | null;
            relation: string | null;
            /** @enum {string} */
            status: "active" | "moved_out" | "deceased";
            /** Format: date-time */
            updatedAt: string;
            /** Format: uuid */
            villageId: string;
        };
        ResidentLoginsDto: {
            created: components["schemas"]["CreatedResidentLoginDto"][];
            skipped: components["schemas"]["SkippedResidentLoginDto"][];
        };
        ResidentPageDto: {
            items: components["schemas"]["ResidentDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        ResolveObjectionDto: {
            note: string;
            /** @enum {string} */
            outcome: "upheld" | "dismissed";
            /** @description Upheld: the item's revised points (within the rule's range); absent: the item is withdrawn */
            revisedPoints?: number;
        };
        ReverseTransactionDto: {
            reason: string;
        };
        RoleGrantDto: {
            /**
             * Format: uuid
             * @description For resident: the household the user belongs to
             */
            householdId?: string;
            /** @enum {string} */
            role: "admin" | "village_admin" | "panel_member" | "clerk" | "auditor" | "resident" | "township_admin" | "township_officer";
            /**
             * Format: uuid
             * @description For township_admin and township_officer (required): the township
             */
            townshipId?: string;
            /**
             * Format: uuid
             * @description Required for every role but admin and the township roles
             */
            villageId?: string;
        };
        RoleGrantViewDto: {
            /** Format: uuid */
            householdId?: string | null;
            /** @enum {string} */
            role: "admin" | "village_admin" | "panel_member" | "clerk" | "auditor" | "resident" | "township_admin" | "township_officer";
            /**
             * Format: uuid
             * @description For the township roles
             */
            townshipId?: string | null;
            /** Format: uuid */
            villageId: string | null;
        };
        RoundCountsDto: {
            approved: number;
            items: number;
            noQuorum: number;
            openObjections: number;
            pending: number;
            posted: number;
            rejected: number;
            withdrawn: number;
        };
        RoundDto: {
            /** Format: date-time */
            cancelledAt: string | null;
            counts: components["schemas"]["RoundCountsDto"];
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            decision: "majority" | "unanimous";
            /** Format: uuid */
            id: string;
            members: components["schemas"]["RoundMemberDto"][];
            /** Format: date-time */
            noticeEndsAt: string | null;
            /** Format: uuid */
            panelId: string;
            /** Format: date */
            periodEnd: string;
            /** Format: date */
            periodStart: string;
            /** Format: date-time */
            postedAt: string | null;
            /** Format: date-time */
            publishedAt: string | null;
            /** @description Copied from the panel when the round opened */
            quorum: number;
            /** @enum {string} */
            status: "open" | "notice" | "posted" | "cancelled";
            title: string;
            /** Format: uuid */
            villageId: string;
        };
        RoundMemberDto: {
            seat: string;
            /** Format: uuid */
            userId: string;
        };
        RoundPageDto: {
            items: components["schemas"]["RoundDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        RuleDto: {
            capPerPeriod: number | null;
            category: string;
            code: string;
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            evidenceRequired: boolean;
            /** Format: uuid */
            id: string;
            maxPoints: number | null;
            minPoints: number | null;
            /** @enum {string|null} */
            period: "month" | "quarter" | "year" | null;
            points: number | null;
            /** Format: date-time */
            retiredAt: string | null;
            /** @enum {string} */
            status: "active" | "retired";
            title: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: uuid */
            villageId: string;
        };
        RulePageDto: {
            items: components["schemas"]["RuleDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        SkippedResidentLoginDto: {
            householdCode: string | null;
            /** Format: uuid */
            householdId: string;
            /**
             * @description no_head: no active head; has_login: a resident login exists; no_phone: usernameFrom=phone and the head has none; username_taken; not_found: not a household of this village
             * @enum {string}
             */
            reason: "no_head" | "has_login" | "no_phone" | "username_taken" | "not_found";
        };
        StarsDto: {
            items: components["schemas"]["StarsEntryDto"][];
            nextCursor: string | null;
            thresholds: number[];
            year: number;
        };
        StarsEntryDto: {
            code: string;
            group: string | null;
            /** Format: uuid */
            householdId: string;
            points: number;
            stars: number;
        };
        StockMovementDto: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            donor: string | null;
            id: string;
            /** Format: uuid */
            itemId: string;
            note: string | null;
            quantity: number;
            /** @enum {string} */
            reason: "donation" | "purchase" | "adjustment" | "write_off" | "redemption" | "cancellation";
            /** Format: uuid */
            redemptionId: string | null;
            stockAfter: number;
        };
        StockMovementPageDto: {
            items: components["schemas"]["StockMovementDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        SummaryDto: {
            /** @description Net of manual adjustments, transfers and reversals */
            adjusted: number;
            /** @description Deducted by penalties */
            deducted: number;
            donationsByDonor: components["schemas"]["DonorDto"][];
            /** @description Expired by the annual reset */
            expired: number;
            from: string;
            households: number;
            /** @description Awarded to households */
            issued: number;
            lowStockItems: components["schemas"]["LowStockDto"][];
            /** @description Sum of household balances at the start of `from` */
            openingBalance: number;
            /** @description Sum of household balances at the end of `to`; = opening + issued − deducted − redeemed + refunded − expired + adjusted */
            outstanding: number;
            /** @description Households with at least one award in the period */
            participatingHouseholds: number;
            /**
             * Format: double
             * @description participatingHouseholds / households (0 when none)
             */
            participation: number;
            pointsByCategory: components["schemas"]["CategoryPointsDto"][];
            /** @description Spent at the points supermarket */
            redeemed: number;
            /** @description Given back by cancelled sales */
            refunded: number;
            to: string;
            topRedeemedItems: components["schemas"]["TopItemDto"][];
            /** Format: uuid */
            villageId: string;
            villageName: string;
        };
        /** @description Access token expired (RFC 9457 problem details) */
        TokenExpiredProblem: {
            /** @enum {string} */
            code: "token_expired";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 401;
            /** @example Access token expired */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:token_expired";
        };
        TokensDto: {
            accessToken: string;
            /**
             * @description Seconds until the access token expires
             * @example 900
             */
            expiresIn: number;
            /** @description Single use: each refresh returns a new one */
            refreshToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
        };
        TopEarnerDto: {
            /** @example 张*明 */
            headName: string | null;
            householdCode: string;
            points: number;
            rank: number;
        };
        TopItemDto: {
            /** Format: uuid */
            itemId: string;
            name: string;
            points: number;
            quantity: number;
        };
        TownshipDto: {
            code: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: date-time */
            updatedAt: string;
        };
        TownshipPageDto: {
            items: components["schemas"]["TownshipDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        TownshipSummaryDto: {
            from: string;
            to: string;
            villages: components["schemas"]["SummaryDto"][];
        };
        TownshipVillageRowDto: {
            /** @description Points deducted (penalties), as a positive number */
            deducted: number;
            /** @description Active households */
            households: number;
            /** @description Points awarded */
            issued: number;
            /** @description Active goods at or under their low-stock threshold now */
            lowStockGoods: number;
            /** @description Objections filed in the period */
            objectionsRaised: number;
            /** @description Of those, upheld */
            objectionsUpheld: number;
            /** @description Household balances at the end of the period */
            outstanding: number;
            /** @description Active households awarded points in the period */
            participatingHouseholds: number;
            /**
             * Format: double
             * @description participatingHouseholds / households, 4 decimals (0 without households)
             */
            participation: number;
            /** @description Points spent in the shop, net of nothing (refunds not subtracted), positive */
            redeemed: number;
            /** @description Scoring rounds posted in the period */
            roundsPosted: number;
            villageCode: string;
            /** Format: uuid */
            villageId: string;
            villageName: string;
        };
        TownshipVillagesSummaryDto: {
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            /** Format: uuid */
            townshipId: string;
            townshipName: string;
            /** @description Every village of the township, by code */
            villages: components["schemas"]["TownshipVillageRowDto"][];
        };
        TransactionDto: {
            createdBy: components["schemas"]["CreatedByDto"];
            entries: components["schemas"]["EntryDto"][];
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "award" | "penalty" | "redemption" | "refund" | "reversal" | "expiry" | "adjustment" | "transfer";
            memo: string;
            /** Format: date-time */
            postedAt: string;
            /** @description What the transaction belongs to (a sale, a score item, the transaction it reverses); null for a manual one */
            reference: components["schemas"]["ReferenceDto"] | (never | null);
            /** Format: uuid */
            reversesId: string | null;
            /** Format: uuid */
            villageId: string;
        };
        TransactionPageDto: {
            items: components["schemas"]["TransactionDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /** @description Authentication required (RFC 9457 problem details) */
        UnauthenticatedProblem: {
            /** @enum {string} */
            code: "unauthenticated";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 401;
            /** @example Authentication required */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:unauthenticated";
        };
        /** @description Service unavailable (RFC 9457 problem details) */
        UnavailableProblem: {
            /** @enum {string} */
            code: "unavailable";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 503;
            /** @example Service unavailable */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:unavailable";
        };
        /** @description Unbalanced transaction (RFC 9457 problem details) */
        UnbalancedTransactionProblem: {
            /** @enum {string} */
            code: "unbalanced_transaction";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 422;
            /** @example Unbalanced transaction */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:unbalanced_transaction";
        };
        /** @description Unsupported media type (RFC 9457 problem details) */
        UnsupportedMediaTypeProblem: {
            /** @enum {string} */
            code: "unsupported_media_type";
            /** @description What went wrong, for a person */
            detail: string;
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 415;
            /** @example Unsupported media type */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:unsupported_media_type";
        };
        UpdateCatalogueItemDto: {
            /** @description On sale; true when a new item leaves it out */
            active?: boolean;
            /** @example 粮油 */
            category?: string;
            description?: string;
            /**
             * @description http or https only
             * @example https://example.org/rice.jpg
             */
            imageUrl?: string;
            /** @description Units one household may redeem per calendar month */
            limitPerHouseholdPerMonth?: number;
            /** @description Reported as low stock at or below this */
            lowStockThreshold?: number;
            /** @example 大米 5kg */
            name?: string;
            /** @example 50 */
            pointsPrice?: number;
        };
        UpdateHouseholdDto: {
            address?: string | null;
            /** @description A new card number re-issues the card (the old one stops working at once); null revokes it */
            cardNo?: string | null;
            /** @example 一组-016 */
            code?: string;
            /**
             * Format: uuid
             * @description 党员包户: the contact, a user holding a role in this village; null removes it
             */
            contactUserId?: string | null;
            /** @description Close even though the account holds points (needs `reason`; audited) */
            force?: boolean;
            group?: string | null;
            reason?: string;
            /**
             * @description `closed` freezes the points account; refused while points remain unless `force`
             * @enum {string}
             */
            status?: "active" | "closed";
        };
        UpdatePanelDto: {
            /** @enum {string} */
            decision?: "majority" | "unanimous";
            /** @description The whole new membership */
            members?: components["schemas"]["PanelMemberDto"][];
            name?: string;
            quorum?: number;
        };
        UpdateResidentDto: {
            birthDate?: string | null;
            /** @enum {string|null} */
            gender?: "male" | "female" | null;
            /**
             * Format: uuid
             * @description Move to another household of the same village (history kept)
             */
            householdId?: string;
            idNumber?: string | null;
            isHead?: boolean;
            name?: string;
            phone?: string | null;
            relation?: string | null;
            /** @enum {string} */
            status?: "active" | "moved_out" | "deceased";
        };
        UpdateRuleDto: {
            capPerPeriod?: number;
            category?: string;
            /** @description null removes the description */
            description?: string | null;
            evidenceRequired?: boolean;
            maxPoints?: number;
            minPoints?: number;
            /** @enum {string} */
            period?: "month" | "quarter" | "year";
            /** @description Only while no item uses the rule (else 409 invalid_state: retire it and create a new one) */
            points?: number;
            title?: string;
        };
        UpdateTownshipDto: {
            /** @example 南林桥镇 */
            name?: string;
        };
        UpdateUserDto: {
            displayName?: string;
            /** @description A new password (ends every session of the user): at least 10 characters, not a common one. Set for another user, it is a reset: they must choose their own (POST /v1/auth/password) before anything but GET /v1/me works (403 password_change_required) */
            password?: string;
            /** @description The whole new set of roles (replaces the old one); the caller must be able to grant every role of both */
            roles?: components["schemas"]["RoleGrantDto"][];
            /**
             * @description disabled: no login, no refresh; sessions end
             * @enum {string}
             */
            status?: "active" | "disabled";
        };
        UpdateVillageDto: {
            /** @example 南林桥村 */
            name?: string;
            settings?: components["schemas"]["VillageSettingsDto"];
            /**
             * @description The township as free text (kept for older clients); townshipId links the village to one
             * @example 南林桥镇
             */
            township?: string;
            /**
             * Format: uuid
             * @description The township the village belongs to (at most one); a township admin creates villages only in its own. Changing it later: admin only
             */
            townshipId?: string | null;
        };
        UserDto: {
            /** Format: date-time */
            createdAt: string;
            displayName: string;
            /** Format: uuid */
            id: string;
            roles: components["schemas"]["RoleGrantViewDto"][];
            /** @enum {string} */
            status: "active" | "disabled";
            username: string;
        };
        UserPageDto: {
            items: components["schemas"]["UserDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /** @description Validation failed (RFC 9457 problem details) */
        ValidationFailedProblem: {
            /** @enum {string} */
            code: "validation_failed";
            /** @description A refused import: residents created (0, nothing was imported) */
            created?: number;
            /** @description What went wrong, for a person */
            detail: string;
            /** @description A refused import: how many errors the file has (`errors` lists the first of them) */
            errorCount?: number;
            /** @description One entry per invalid field (or header) */
            errors?: {
                /** @example settings.quorum */
                field: string;
                /** @description Line of an imported file (1 = its header) */
                line?: number;
                message: string;
            }[];
            /** @description Also in the X-Request-Id header; quote it when reporting a problem */
            requestId: string;
            /** @enum {integer} */
            status: 400;
            /** @example Validation failed */
            title: string;
            /** @enum {string} */
            type: "urn:jifen:problem:validation_failed";
            /** @description A refused import: residents updated (0, nothing was imported) */
            updated?: number;
        };
        VerifyResultDto: {
            checkedAccounts: number;
            checkedEntries: number;
            checkedTransactions: number;
            ok: boolean;
            problems: components["schemas"]["LedgerProblemDto"][];
        };
        VillageDto: {
            code: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
            settings: components["schemas"]["VillageSettingsViewDto"];
            township: string | null;
            /** Format: uuid */
            townshipId: string | null;
            /** Format: date-time */
            updatedAt: string;
        };
        VillagePageDto: {
            items: components["schemas"]["VillageDto"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        VillageSettingsDto: {
            /** @description Days of public notice before decisions are posted (0: at once); 3 for a new village that leaves it out */
            noticePeriodDays?: number;
            pointsExpiry?: components["schemas"]["PointsExpiryDto"];
            /** @description Ratings an item needs by default; 3 for a new village that leaves it out */
            quorum?: number;
            /** @description false: public boards show deductions without household names; true for a new village that leaves it out */
            showDeductionNames?: boolean;
            /**
             * @description Yearly earned points for 1 to 5 stars, strictly ascending
             * @example [
             *       50,
             *       100,
             *       150,
             *       200,
             *       300
             *     ]
             */
            starThresholds?: number[];
            /**
             * @description IANA time zone of the village; Asia/Shanghai for a new village that leaves it out
             * @example Asia/Shanghai
             */
            timezone?: string;
        };
        VillageSettingsViewDto: {
            noticePeriodDays: number;
            pointsExpiry: components["schemas"]["PointsExpirySettingsDto"];
            quorum: number;
            showDeductionNames: boolean;
            starThresholds: number[];
            timezone: string;
        };
    };
    responses: {
        /** @description `conflict`: Conflict */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ConflictProblem"];
            };
        };
        /** @description `conflict`: Conflict; `invalid_state`: Invalid state */
        ConflictOrInvalidState: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ConflictProblem"] | components["schemas"]["InvalidStateProblem"];
            };
        };
        /** @description `forbidden`: Forbidden; `conflict_of_interest`: Conflict of interest; `password_change_required`: Password change required */
        ForbiddenOrConflictOfInterestOrPasswordChangeRequired: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ForbiddenProblem"] | components["schemas"]["ConflictOfInterestProblem"] | components["schemas"]["PasswordChangeRequiredProblem"];
            };
        };
        /** @description `forbidden`: Forbidden; `password_change_required`: Password change required */
        ForbiddenOrPasswordChangeRequired: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ForbiddenProblem"] | components["schemas"]["PasswordChangeRequiredProblem"];
            };
        };
        /** @description `idempotency_key_reused`: Idempotency key reused with a different request; `request_in_progress`: A request with this idempotency key is in progress; `already_cancelled`: Already cancelled; `invalid_state`: Invalid state */
        IdempotencyKeyReusedOrRequestInProgressOrAlreadyCancelledOrInvalidState: {
            headers: {
                /** @description With `request_in_progress`: seconds to wait before retrying */
                "Retry-After"?: number;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["IdempotencyKeyReusedProblem"] | components["schemas"]["RequestInProgressProblem"] | components["schemas"]["AlreadyCancelledProblem"] | components["schemas"]["InvalidStateProblem"];
            };
        };
        /** @description `idempotency_key_reused`: Idempotency key reused with a different request; `request_in_progress`: A request with this idempotency key is in progress; `already_reversed`: Already reversed; `invalid_state`: Invalid state */
        IdempotencyKeyReusedOrRequestInProgressOrAlreadyReversedOrInvalidState: {
            headers: {
                /** @description With `request_in_progress`: seconds to wait before retrying */
                "Retry-After"?: number;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["IdempotencyKeyReusedProblem"] | components["schemas"]["RequestInProgressProblem"] | components["schemas"]["AlreadyReversedProblem"] | components["schemas"]["InvalidStateProblem"];
            };
        };
        /** @description `idempotency_key_reused`: Idempotency key reused with a different request; `request_in_progress`: A request with this idempotency key is in progress; `invalid_state`: Invalid state */
        IdempotencyKeyReusedOrRequestInProgressOrInvalidState: {
            headers: {
                /** @description With `request_in_progress`: seconds to wait before retrying */
                "Retry-After"?: number;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["IdempotencyKeyReusedProblem"] | components["schemas"]["RequestInProgressProblem"] | components["schemas"]["InvalidStateProblem"];
            };
        };
        /** @description `idempotency_key_reused`: Idempotency key reused with a different request; `request_in_progress`: A request with this idempotency key is in progress; `notice_period_open`: Notice period still open; `objections_open`: Objections still open; `invalid_state`: Invalid state */
        IdempotencyKeyReusedOrRequestInProgressOrNoticePeriodOpenOrObjectionsOpenOrInvalidState: {
            headers: {
                /** @description With `request_in_progress`: seconds to wait before retrying */
                "Retry-After"?: number;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["IdempotencyKeyReusedProblem"] | components["schemas"]["RequestInProgressProblem"] | components["schemas"]["NoticePeriodOpenProblem"] | components["schemas"]["ObjectionsOpenProblem"] | components["schemas"]["InvalidStateProblem"];
            };
        };
        /** @description `insufficient_points`: Insufficient points; `insufficient_stock`: Insufficient stock; `item_inactive`: Item inactive; `limit_exceeded`: Limit exceeded */
        InsufficientPointsOrInsufficientStockOrItemInactiveOrLimitExceeded: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["InsufficientPointsProblem"] | components["schemas"]["InsufficientStockProblem"] | components["schemas"]["ItemInactiveProblem"] | components["schemas"]["LimitExceededProblem"];
            };
        };
        /** @description `insufficient_stock`: Insufficient stock */
        InsufficientStock: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["InsufficientStockProblem"];
            };
        };
        /** @description `internal`: Internal error */
        Internal: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["InternalProblem"];
            };
        };
        /** @description `invalid_credentials`: Invalid credentials */
        InvalidCredentials: {
            headers: {
                /** @description The scheme to authenticate with (RFC 6750): `Bearer`, with `error="invalid_token"` for a bad or expired token */
                "WWW-Authenticate"?: string;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["InvalidCredentialsProblem"];
            };
        };
        /** @description `invalid_state`: Invalid state */
        InvalidState: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["InvalidStateProblem"];
            };
        };
        /** @description `not_acceptable`: Not acceptable */
        NotAcceptable: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["NotAcceptableProblem"];
            };
        };
        /** @description `not_found`: Not found */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["NotFoundProblem"];
            };
        };
        /** @description `payload_too_large`: Payload too large */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["PayloadTooLargeProblem"];
            };
        };
        /** @description `precondition_failed`: Precondition failed */
        PreconditionFailed: {
            headers: {
                /** @description The current version of the resource */
                ETag: string;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["PreconditionFailedProblem"];
            };
        };
        /** @description `rate_limited`: Too many requests */
        RateLimited: {
            headers: {
                /** @description Seconds to wait before trying again */
                "Retry-After": number;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["RateLimitedProblem"];
            };
        };
        /** @description `unauthenticated`: Authentication required */
        Unauthenticated: {
            headers: {
                /** @description The scheme to authenticate with (RFC 6750): `Bearer`, with `error="invalid_token"` for a bad or expired token */
                "WWW-Authenticate"?: string;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["UnauthenticatedProblem"];
            };
        };
        /** @description `unauthenticated`: Authentication required; `invalid_credentials`: Invalid credentials; `token_expired`: Access token expired */
        UnauthenticatedOrInvalidCredentialsOrTokenExpired: {
            headers: {
                /** @description The scheme to authenticate with (RFC 6750): `Bearer`, with `error="invalid_token"` for a bad or expired token */
                "WWW-Authenticate"?: string;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["UnauthenticatedProblem"] | components["schemas"]["InvalidCredentialsProblem"] | components["schemas"]["TokenExpiredProblem"];
            };
        };
        /** @description `unauthenticated`: Authentication required; `token_expired`: Access token expired */
        UnauthenticatedOrTokenExpired: {
            headers: {
                /** @description The scheme to authenticate with (RFC 6750): `Bearer`, with `error="invalid_token"` for a bad or expired token */
                "WWW-Authenticate"?: string;
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["UnauthenticatedProblem"] | components["schemas"]["TokenExpiredProblem"];
            };
        };
        /** @description `unavailable`: Service unavailable */
        Unavailable: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["UnavailableProblem"];
            };
        };
        /** @description `unbalanced_transaction`: Unbalanced transaction; `insufficient_points`: Insufficient points */
        UnbalancedTransactionOrInsufficientPoints: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["UnbalancedTransactionProblem"] | components["schemas"]["InsufficientPointsProblem"];
            };
        };
        /** @description `unsupported_media_type`: Unsupported media type */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["UnsupportedMediaTypeProblem"];
            };
        };
        /** @description `validation_failed`: Validation failed */
        ValidationFailed: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ValidationFailedProblem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description Version of the resource; send it back in If-Match to update it safely */
        ETag: string;
        /** @description `true` when this is the stored answer to an earlier request with the same Idempotency-Key */
        "Idempotent-Replayed": "true";
        /** @description Sent by a server with read replicas: the database position after this write. Send it back in the X-Jifen-Consistency header of your next reads, so that they include this write (read-your-writes); keep the latest one you received */
        "X-Jifen-Consistency": string;
        /** @description Identifies the request in the server logs: the client’s own X-Request-Id when it sent a sane one, else a new UUID */
        "X-Request-Id": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthenticated"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listAccounts: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
                kind?: "household" | "issuance" | "redemptions" | "expiry" | "adjustments";
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getAccountBalance: {
        parameters: {
            query?: {
                /** @description Balance as of this time (default: now) */
                asOf?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BalanceDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listAccountEntries: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                /** @description Entries posted at or after */
                from?: string;
                /** @description Entries posted before */
                to?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassbookLinePageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                /** @description Required unless the caller is admin */
                villageId?: string;
                entityType?: string;
                entityId?: string;
                actorId?: string;
                action?: string;
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getAuditDigest: {
        parameters: {
            query?: {
                /** @description A village chain; omitted: every chain (admin only) */
                villageId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditDigestDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    verifyAuditChain: {
        parameters: {
            query?: {
                /** @description A village chain; omitted: every chain (admin only) */
                villageId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerifyDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["InvalidCredentials"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LogoutDto"];
            };
        };
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthenticated"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrInvalidCredentialsOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    refreshTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthenticated"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listCatalogueItems: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
                /** @description Only the items on sale (true) or off sale (false) */
                active?: "true" | "false";
                /** @description A fragment of the name or SKU (case-insensitive; 2 characters or more are served by the search index) */
                q?: string;
                /** @description Only this category (exact) */
                category?: string;
                /** @description true: only items with stock on hand; false: only those without */
                inStock?: "true" | "false";
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueItemPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createCatalogueItem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCatalogueItemDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueItemDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getCatalogueItem: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueItemDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateCatalogueItem: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a previous read; a stale one answers 412 */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCatalogueItemDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueItemDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listStockMovements: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StockMovementPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    addStockMovement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateStockMovementDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StockMovementDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientStock"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listHouseholds: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
                /** @description Household code (prefix) or card number, a member name fragment, a full ID number or phone */
                q?: string;
                status?: "active" | "closed";
                /** @description Only this villager group (村民小组) */
                group?: string;
                /** @description Only the households of this contact (党员包户) */
                contactUserId?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseholdPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createHousehold: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateHouseholdDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseholdDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    lookupHousehold: {
        parameters: {
            query: {
                villageId: string;
                cardNo: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseholdLookupDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getHousehold: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseholdDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateHousehold: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a previous read; a stale one answers 412 */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateHouseholdDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseholdDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["ConflictOrInvalidState"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getHouseholdBalance: {
        parameters: {
            query?: {
                /** @description Balance as of this instant (default: now) */
                asOf?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseholdBalanceDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getHouseholdStatement: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                /** @description Entries posted at or after */
                from?: string;
                /** @description Entries posted before */
                to?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassbookLinePageDto"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    verifyLedger: {
        parameters: {
            query?: {
                /** @description One village (required unless admin) */
                villageId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyResultDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getMyOverview: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listMyHouseholds: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactHouseholdPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listMyOpenRounds: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenRoundPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getMyRatingQueue: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueItemPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listMyRedemptions: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getMyStatement: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassbookLinePageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listObjections: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
                roundId?: string;
                status?: "open" | "upheld" | "dismissed";
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectionPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    resolveObjection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolveObjectionDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectionDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrConflictOfInterestOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listPanels: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PanelPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createPanel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePanelDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PanelDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPanel: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PanelDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    updatePanel: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a previous read; a stale one answers 412 */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePanelDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PanelDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPublicBoards: {
        parameters: {
            query?: {
                /** @description Year, quarter or month; the current month when left out */
                period?: string;
            };
            header?: {
                /** @description The ETag of the copy the screen shows */
                "If-None-Match"?: string;
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                /** @description The village id or its code */
                idOrCode: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description Version of this page (weak): send it back in If-None-Match */
                    ETag?: string;
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BoardsDto"];
                    "text/html": string;
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    /** @description Version of this page (weak): send it back in If-None-Match */
                    ETag?: string;
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ValidationFailed"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPublicNotices: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the copy the screen shows */
                "If-None-Match"?: string;
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                /** @description The village id or its code */
                idOrCode: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description Version of this page (weak): send it back in If-None-Match */
                    ETag?: string;
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NoticesDto"];
                    "text/html": string;
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    /** @description Version of this page (weak): send it back in If-None-Match */
                    ETag?: string;
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ValidationFailed"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listRedemptions: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
                householdId?: string;
                from?: string;
                to?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createRedemption: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per intended operation (e.g. a UUID). A retry with the same key and body replays the first response; with another body: 409 idempotency_key_reused. Kept 7 days. */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRedemptionDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["IdempotencyKeyReusedOrRequestInProgressOrInvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientPointsOrInsufficientStockOrItemInactiveOrLimitExceeded"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getRedemption: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    cancelRedemption: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per intended operation (e.g. a UUID). A retry with the same key and body replays the first response; with another body: 409 idempotency_key_reused. Kept 7 days. */
                "Idempotency-Key": string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelRedemptionDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["IdempotencyKeyReusedOrRequestInProgressOrAlreadyCancelledOrInvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getRedemptionReceipt: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReceiptDto"];
                    "text/plain": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listResidents: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
                householdId?: string;
                /** @description Name fragment, household code, a full ID number or phone */
                q?: string;
                status?: "active" | "moved_out" | "deceased";
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createResident: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateResidentDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["ConflictOrInvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listDuplicateIdNumbers: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DuplicateIdNumberPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    exportResidents: {
        parameters: {
            query: {
                villageId: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    importResidents: {
        parameters: {
            query: {
                villageId: string;
                /** @description Import the good lines and report the bad ones (default: all or nothing) */
                partial?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/csv": string;
                "application/vnd.ms-excel": string;
                "text/csv": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResultDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getResident: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateResident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateResidentDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["ConflictOrInvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listRules: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
                status?: "active" | "retired";
                category?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulePageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createRule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRuleDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getRule: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateRule: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a previous read; a stale one answers 412 */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateRuleDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    retireRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listScoringRounds: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
                status?: "open" | "notice" | "posted" | "cancelled";
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createScoringRound: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRoundDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getScoringRound: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    cancelScoringRound: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelRoundDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listScoreItems: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                status?: "pending" | "approved" | "rejected" | "no_quorum" | "withdrawn";
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createScoreItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateItemDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrConflictOfInterestOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getScoreItem: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
                itemId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemDetailDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    fileObjection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                itemId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateObjectionDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectionDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    rateScoreItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                itemId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRatingDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RatingDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrConflictOfInterestOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createScoreItemsInBulk: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkItemsDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkItemsResultDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrConflictOfInterestOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    postScoringRound: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per intended operation (e.g. a UUID). A retry with the same key and body replays the first response; with another body: 409 idempotency_key_reused. Kept 7 days. */
                "Idempotency-Key": string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostResultDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["IdempotencyKeyReusedOrRequestInProgressOrNoticePeriodOpenOrObjectionsOpenOrInvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    publishScoringRound: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["InvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getVillagesSummary: {
        parameters: {
            query?: {
                /** @description First local day (inclusive); the beginning when left out */
                from?: string;
                /** @description Last local day (inclusive); today when left out */
                to?: string;
                /** @description Only the villages of this township */
                township?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TownshipSummaryDto"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listTownships: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TownshipPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createTownship: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTownshipDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TownshipDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTownship: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TownshipDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateTownship: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTownshipDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TownshipDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTownshipSummary: {
        parameters: {
            query?: {
                /** @description First local day (inclusive); the beginning when left out */
                from?: string;
                /** @description Last local day (inclusive); today when left out */
                to?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TownshipVillagesSummaryDto"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listTransactions: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                villageId: string;
                kind?: "award" | "penalty" | "redemption" | "refund" | "reversal" | "expiry" | "adjustment" | "transfer";
                accountId?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createTransaction: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per intended operation (e.g. a UUID). A retry with the same key and body replays the first response; with another body: 409 idempotency_key_reused. Kept 7 days. */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTransactionDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["IdempotencyKeyReusedOrRequestInProgressOrInvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnbalancedTransactionOrInsufficientPoints"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTransaction: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    reverseTransaction: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per intended operation (e.g. a UUID). A retry with the same key and body replays the first response; with another body: 409 idempotency_key_reused. Kept 7 days. */
                "Idempotency-Key": string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReverseTransactionDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["IdempotencyKeyReusedOrRequestInProgressOrAlreadyReversedOrInvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                /** @description Users holding a role in this village */
                villageId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listVillages: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                /** @description Only villages of this township */
                township?: string;
                /** @description Only villages of this township */
                townshipId?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VillagePageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createVillage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateVillageDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VillageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getVillage: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VillageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateVillage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateVillageDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VillageDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listExpiryRuns: {
        parameters: {
            query?: never;
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpiryRunDto"][];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    runExpiry: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per intended operation (e.g. a UUID). A retry with the same key and body replays the first response; with another body: 409 idempotency_key_reused. Kept 7 days. */
                "Idempotency-Key": string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateExpiryRunDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpiryRunDto"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["IdempotencyKeyReusedOrRequestInProgressOrInvalidState"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getLeaderboard: {
        parameters: {
            query: {
                /** @description A year (2026), quarter (2026-Q4) or month (2026-11), in the village calendar */
                period: string;
                limit?: number;
                /** @description Only this villager group (村民小组) */
                group?: string;
                /** @description The next page: `nextCursor` of the previous one */
                cursor?: string;
                /** @description That household's row plus the rows just above and below it (ranked in the whole list); not with cursor */
                householdId?: string;
                /** @description Only the households of this contact (党员包户) */
                contactUserId?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderboardDto"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createResidentLogins: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateResidentLoginsDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "X-Jifen-Consistency": components["headers"]["X-Jifen-Consistency"];
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentLoginsDto"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getStars: {
        parameters: {
            query: {
                limit?: number;
                /** @description Opaque cursor from the previous page (`nextCursor`) */
                cursor?: string;
                year: number;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StarsDto"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    getVillageSummary: {
        parameters: {
            query?: {
                /** @description First local day (inclusive); the beginning when left out */
                from?: string;
                /** @description Last local day (inclusive); today when left out */
                to?: string;
            };
            header?: {
                /** @description The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer. */
                "X-Jifen-Consistency"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SummaryDto"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["UnauthenticatedOrTokenExpired"];
            403: components["responses"]["ForbiddenOrPasswordChangeRequired"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
}
