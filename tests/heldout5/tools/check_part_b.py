# Self-check for part B gold (no pipeline involved): every gold parses, every metric text and
# every entity name/alias occurs in its article, and duplicate metric keys are listed.
import glob
import json
import os

D='/work/main/tests/heldout5'
bad=0
for gf in sorted(glob.glob(D+'/gold/b*.gold.json')):
    g=json.load(open(gf)); art=open(D+'/articles/'+g['article']).read()
    for m in g['metrics']:
        for k in ["text","value","value_max","unit","classifier","qualifier","measure","subject","period","optional"]:
            if k not in m: print(gf,'missing',k,m); bad+=1
        if m['text'] not in art: print(os.path.basename(gf),'TEXT NOT FOUND',m['text']); bad+=1
        if not isinstance(m['value'],(int,float)): print('value not number',m); bad+=1
    for t,es in g['entities'].items():
        for e in es:
            if not any(x in art for x in [e['name']]+e['aliases']): print(os.path.basename(gf),'ENTITY NOT FOUND',t,e); bad+=1
    keys=[(m['unit'],m['value'],m['classifier']) for m in g['metrics']]
    dup=[k for k in set(keys) if keys.count(k)>1]
    if dup: print(os.path.basename(gf),'dup keys (ok if intended)',dup)
print('problems',bad)
