# dispatch.search.fulltext is Dispatch's own (sync_trigger's DDL): not kept here;
# extract it from Dispatch at dd2837e8 (tests/realworld/RESULTS.md). Every
# other dispatch module is made up (fabricate).
